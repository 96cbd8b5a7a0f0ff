import { useEffect } from 'react';
import { documentStore } from '../store/documentStore.ts';
import { lintDocument } from './lintDocument.ts';
import { lintStore } from './lintStore.ts';
import { serverRulesStore } from './serverRulesStore.ts';
import { watchRecordings } from './watchRecordings.ts';
import { versionsStore } from '../versions/versionsStore.ts';

const DEBOUNCE_MS = 250;
/**
 * At open, the checks wait this long at most for the server's rules, the latest version and the recordings before running without
 * them: for a server that does not answer. Shorter (1.5 s, 3 s) ran them twice on a loaded machine: the page's main thread, busy
 * drawing the canvas for seconds, took the overdue timer before the answers that had arrived meanwhile.
 */
export const OPEN_WAIT_MS = 10_000;

/**
 * Lints the document a moment after each change (typing does not lint on every key), and again once the server's rules, the flow's
 * bindings, its latest version (a menu prompt still saying an option's old label) and its recordings library are known. At open the
 * first run waits for those (at most `OPEN_WAIT_MS`): one run of the 1919 flow's ~150 ms checks instead of four (at once, then as each answer came).
 * The same document with the same context is not linted again. Meanwhile the store says `pending`, and what must show the verdict
 * as it is (the publication dialogs, the problems list) runs the checks at once (`useCurrentLint`).
 */
export function useLintRunner(): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let opening = true;
    let linted: readonly unknown[] = [];
    const run = () => {
      clearTimeout(timer);
      // Run (a dialog asked for it, or the document changed): from now on what the server says comes in as it arrives.
      opening = false;
      const doc = documentStore.getState().doc;
      if (!doc) return lintStore.getState().setPending(null);
      const { rules, boundChannels, latest, recordings } = serverRulesStore.getState();
      const inputs = [doc, rules, boundChannels, latest, recordings];
      if (inputs.every((input, i) => input === linted[i])) return lintStore.getState().setPending(null);
      linted = inputs;
      const started = performance.now();
      const issues = lintDocument(doc, serverRulesStore.getState().contextFor(doc.id));
      lintStore.getState().setIssues(issues, performance.now() - started);
    };
    const later = (ms: number) => {
      clearTimeout(timer);
      timer = setTimeout(run, ms);
      lintStore.getState().setPending(run);
    };
    // The previous flow's issues are not this one's: nothing is shown until the first run (or a dialog asks for it).
    lintStore.getState().clear();
    lintStore.getState().setPending(run);
    const unsubscribe = documentStore.subscribe((state, previous) => {
      if (state.doc === previous.doc) return;
      later(opening ? OPEN_WAIT_MS : DEBOUNCE_MS);
    });
    const unsubscribeRules = serverRulesStore.subscribe((state, previous) => {
      if (opening) return;
      if (state.rules !== previous.rules || state.boundChannels !== previous.boundChannels || state.latest !== previous.latest || state.recordings !== previous.recordings) later(0);
    });
    // The newest version listed (the list is the flow on screen's): read its document once per number.
    const readLatest = () => {
      const flowId = documentStore.getState().flowId;
      if (flowId) void serverRulesStore.getState().loadLatest(flowId, versionsStore.getState().versions[0]?.number ?? null);
    };
    readLatest();
    // The flow's recordings library, listed again when it can have changed: a prompt naming a file it does not hold is found.
    const unwatchRecordings = watchRecordings({ window, document });
    const unsubscribeVersions = versionsStore.subscribe((state, previous) => {
      if (state.versions[0]?.number !== previous.versions[0]?.number) readLatest();
    });
    void serverRulesStore.getState().load();
    // Every read above is asked by now: the first run once they have answered, or without those still missing after OPEN_WAIT_MS.
    let closed = false;
    const opened = () => {
      if (!closed && opening) run();
    };
    const openTimer = setTimeout(opened, OPEN_WAIT_MS);
    void serverRulesStore.getState().settled().then(opened);
    return () => {
      closed = true;
      clearTimeout(timer);
      clearTimeout(openTimer);
      lintStore.getState().setPending(null);
      unsubscribe();
      unsubscribeRules();
      unsubscribeVersions();
      unwatchRecordings();
    };
  }, []);
}
