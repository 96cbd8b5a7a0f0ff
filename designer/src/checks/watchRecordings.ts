import { documentStore } from '../store/documentStore.ts';
import { serverRulesStore } from './serverRulesStore.ts';

/** A save's answer lists the library again at most this often (an editor saves every few seconds while typing). */
export const RECORDINGS_AFTER_SAVE_MS = 10_000;
/**
 * The tab back in front lists the library again only this long after the last listing: a tab
 * switch fires both `visibilitychange` and `focus`, and alt-tabbing fires `focus` at every press.
 */
export const RECORDINGS_ON_FRONT_MS = 2_000;

/**
 * Keeps the checks' list of the flow's recordings (`prompt.recordingNotFound`) as the library
 * stands, listing it again whenever it can have changed under this tab: a flow opened, the tab
 * coming back to the front (a file deleted or uploaded in another tab, by a colleague; once for a
 * tab switch's `visibilitychange` and `focus`, see `RECORDINGS_ON_FRONT_MS`), and a
 * save's answer (at most every `RECORDINGS_AFTER_SAVE_MS`). Returns the unsubscribe.
 */
export function watchRecordings(page: { window: EventTarget; document: EventTarget & { visibilityState?: string } }, now: () => number = Date.now): () => void {
  let listedAt = Number.NEGATIVE_INFINITY;
  const list = () => {
    const flowId = documentStore.getState().flowId;
    if (!flowId) return;
    listedAt = now();
    void serverRulesStore.getState().loadRecordings(flowId);
  };
  list();
  const unsubscribe = documentStore.subscribe((state, previous) => {
    if (state.flowId !== previous.flowId) list();
    else if (state.revision !== previous.revision && now() - listedAt >= RECORDINGS_AFTER_SAVE_MS) list();
  });
  const onFront = () => {
    if (now() - listedAt >= RECORDINGS_ON_FRONT_MS) list();
  };
  const onVisible = () => {
    if (page.document.visibilityState === undefined || page.document.visibilityState === 'visible') onFront();
  };
  page.window.addEventListener('focus', onFront);
  page.document.addEventListener('visibilitychange', onVisible);
  return () => {
    unsubscribe();
    page.window.removeEventListener('focus', onFront);
    page.document.removeEventListener('visibilitychange', onVisible);
  };
}
