import { useEffect } from 'react';
import { documentStore } from '../store/documentStore.ts';
import { lintDocument } from './lintDocument.ts';
import { lintStore } from './lintStore.ts';
import { serverRulesStore } from './serverRulesStore.ts';
import { watchRecordings } from './watchRecordings.ts';
import { versionsStore } from '../versions/versionsStore.ts';

const DEBOUNCE_MS = 250;

/**
 * Lints the document a moment after each change (typing does not lint on every key), and again once the server's rules, the flow's
 * bindings, its latest version (a menu prompt still saying an option's old label) and its recordings library are known.
 */
export function useLintRunner(): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = () => {
      const doc = documentStore.getState().doc;
      if (!doc) return;
      const started = performance.now();
      const issues = lintDocument(doc, serverRulesStore.getState().contextFor(doc.id));
      lintStore.getState().setIssues(issues, performance.now() - started);
    };
    run();
    const unsubscribe = documentStore.subscribe((state, previous) => {
      if (state.doc === previous.doc) return;
      clearTimeout(timer);
      timer = setTimeout(run, DEBOUNCE_MS);
    });
    const unsubscribeRules = serverRulesStore.subscribe((state, previous) => {
      if (state.rules !== previous.rules || state.boundChannels !== previous.boundChannels || state.latest !== previous.latest || state.recordings !== previous.recordings) run();
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
    return () => {
      clearTimeout(timer);
      unsubscribe();
      unsubscribeRules();
      unsubscribeVersions();
      unwatchRecordings();
    };
  }, []);
}
