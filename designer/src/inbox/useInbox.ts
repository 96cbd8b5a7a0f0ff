import { useStore } from 'zustand';
import { inboxStore, type InboxActions, type InboxState } from './inboxStore.ts';

/** A slice of the inbox store; the component redraws when that slice changes. */
export function useInbox<T>(selector: (state: InboxState & InboxActions) => T): T {
  return useStore(inboxStore, selector);
}
