import { createStore, useStore } from 'zustand';
import { publicationApi, type PublicationRequest } from '../api/publicationApi.ts';

/** The requests to publish the user sees: the open ones (publishers), their own, and the one under review. */
export interface PublicationState {
  open: PublicationRequest[];
  mine: PublicationRequest[];
  /** The flow open in the editor's requests, newest first. */
  ofFlow: { flowId: string; requests: PublicationRequest[] } | null;
  /** The request a publisher opened (the review dialog shows it). */
  reviewing: { flowId: string; id: string } | null;
}

export const publicationStore = createStore<PublicationState>()(() => ({ open: [], mine: [], ofFlow: null, reviewing: null }));

export function usePublication<T>(selector: (state: PublicationState) => T): T {
  return useStore(publicationStore, selector);
}

/** Reloads what the user may see; a role that may not list keeps the lists empty. */
export async function refreshPublication(who: { publisher: boolean; editor: boolean }): Promise<void> {
  const [open, mine] = await Promise.all([
    who.publisher ? publicationApi.list({ open: true }).catch(() => null) : Promise.resolve([]),
    who.editor ? publicationApi.list({ mine: true }).catch(() => null) : Promise.resolve([]),
  ]);
  publicationStore.setState((s) => ({ open: open ?? s.open, mine: mine ?? s.mine }));
}

export const openReview = (flowId: string, id: string) => publicationStore.setState({ reviewing: { flowId, id } });
export const closeReview = () => publicationStore.setState({ reviewing: null });

/** Reloads the requests of the flow open in the editor. */
export async function refreshPublicationOfFlow(flowId: string): Promise<void> {
  try {
    publicationStore.setState({ ofFlow: { flowId, requests: await publicationApi.ofFlow(flowId) } });
  } catch {
    // A role that may not read them sees none.
  }
}
