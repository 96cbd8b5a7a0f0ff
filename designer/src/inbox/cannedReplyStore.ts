import { createStore, useStore } from 'zustand';
import { agentApi } from '../api/agentApi.ts';
import type { CannedReply } from './cannedReplies.ts';

interface CannedReplyState {
  replies: CannedReply[];
  loaded: boolean;
}

/** The canned replies the agent app has read: once when a reply box or the supervisor's list first needs them, again after each change. */
export const cannedReplyStore = createStore<CannedReplyState>(() => ({ replies: [], loaded: false }));

let loading: Promise<void> | null = null;

/**
 * Reads the list from the server (again when `fresh`, as each reply box opening does); a failure
 * leaves the list as it was (the reply box still works without). The server answers it
 * `private, no-cache` with an ETag: the browser keeps the list and asks again with it, so an
 * unchanged list comes back as a 304 without its texts, and a supervisor's change is there.
 */
export function loadCannedReplies(fresh = false): Promise<void> {
  if (loading && !fresh) return loading;
  if (cannedReplyStore.getState().loaded && !fresh) return Promise.resolve();
  loading = agentApi
    .cannedReplies()
    .then((replies) => cannedReplyStore.setState({ replies, loaded: true }))
    .catch(() => {})
    .finally(() => {
      loading = null;
    });
  return loading;
}

export function useCannedReplies(): CannedReply[] {
  return useStore(cannedReplyStore, (s) => s.replies);
}
