import type { StoreApi } from 'zustand';
import type { User } from '../api/types.ts';
import { KEPT_COPY_PREFIX } from '../canvas/clipboard.ts';
import { pastedSamples } from '../nodes/http/sampleAnswer.ts';
import { UNSENT_PREFIX } from '../versions/unsentPrefix.ts';
import { deviceStorage } from './deviceStorage.ts';

/**
 * What the designer keeps in this browser's storage (localStorage; it writes no sessionStorage,
 * IndexedDB or Cache Storage), and what becomes of it when its user leaves a shared computer:
 *
 * | key                                   | holds                                   | sign-out, « partout » | session ended (expired, or an admin's « Fermer ses sessions… »; or found ended when the page opens) | another user signs in |
 * |---------------------------------------|-----------------------------------------|-----------------------|------------------------------|------------------------|
 * | griot.clipboard.<userId>              | copied nodes (prompts, webhook URLs)     | removed               | removed                      | removed                |
 * | griot.unsent.<userId>.<flow>@<rev>    | edits the server never got               | removed               | kept for that user only      | removed                |
 * | griot.simulator.<userId>.<flow>       | the tester's caller number and source    | removed               | kept for that user only      | removed                |
 * | griot.flowList.folder                 | the folder last opened (its name)        | removed               | removed                      | (already gone)         |
 * | griot.publication.seen.<username>     | when decisions were last told (a date)   | kept                  | kept                         | kept                   |
 * | griot.colorScheme, griot.uiLanguage, griot.sidePanelFolded, griot.overlayLegendFolded, griot.minimapShown, griot.inbox.sound, griot.inbox.contextOpen | the device's display choices | kept | kept | kept |
 *
 * In memory, the look-ups' pasted sample answers (a subscriber's data, maybe) go when the user
 * signs out, their session ends or another user signs in; the inbox's reply outbox and live state go when the workspace unmounts
 * (useAgentConnection), which the login page replacing it does. The HTTP cache: answers under
 * /api are `no-store` or revalidated, and the sign-out answers carry `Clear-Site-Data: "cache"`.
 */
const SIMULATOR_PREFIX = 'griot.simulator.';
/** `griot.clipboard`: where copies were kept, for everyone, before they were kept per user. */
const PERSONAL_PREFIXES = ['griot.clipboard', UNSENT_PREFIX, SIMULATOR_PREFIX] as const;
const ENDED_WITH_SESSION = ['griot.clipboard', 'griot.flowList.folder'] as const;

function keys(store: Storage): string[] {
  const all: string[] = [];
  for (let i = 0; i < store.length; i += 1) {
    const key = store.key(i);
    if (key !== null) all.push(key);
  }
  return all;
}

function removeWhere(store: Storage | null, drop: (key: string) => boolean): void {
  if (!store) return;
  try {
    for (const key of keys(store)) if (drop(key)) store.removeItem(key);
  } catch {
    // Forbidden storage (private browsing): nothing was kept either.
  }
}

/** Whether nodes copied in an editor are kept here (so the system clipboard may hold them too). */
export function holdsCopiedNodes(store = deviceStorage()): boolean {
  try {
    return store !== null && keys(store).some((key) => key.startsWith('griot.clipboard'));
  } catch {
    return false;
  }
}

/** « Se déconnecter », « Se déconnecter partout »: nothing of the user's work stays for the next person. */
export function forgetOnSignOut(store = deviceStorage()): void {
  removeWhere(store, (key) => [...PERSONAL_PREFIXES, ...ENDED_WITH_SESSION].some((prefix) => key.startsWith(prefix)));
}

/** The session ended without the user choosing it: their unsent edits wait for them (under their id), their copies go. */
export function forgetOnSessionEnd(store = deviceStorage()): void {
  removeWhere(store, (key) => ENDED_WITH_SESSION.some((prefix) => key.startsWith(prefix)));
}

/** `userId` signed in (or the page opened signed in): what another user left here goes, unread. */
export function forgetOtherUsers(userId: string, store = deviceStorage()): void {
  const own = (key: string) => key === `${KEPT_COPY_PREFIX}${userId}` || key.startsWith(`${UNSENT_PREFIX}${userId}.`) || key.startsWith(`${SIMULATOR_PREFIX}${userId}.`);
  removeWhere(store, (key) => PERSONAL_PREFIXES.some((prefix) => key.startsWith(prefix)) && !own(key));
}

/** Applies the table above as the session store changes; returns the function that stops it. */
export function watchDeviceTraces(session: StoreApi<{ user: User | null | undefined }>, store = deviceStorage()): () => void {
  return session.subscribe((state, previous) => {
    if (state.user?.id !== previous.user?.id && previous.user) pastedSamples.forget();
    if (state.user && state.user.id !== previous.user?.id) forgetOtherUsers(state.user.id, store);
    // Ended under the user, or found ended as the page opened (the tab closed without signing
    // out, the session since expired): the next person at the login page finds no copy nor folder.
    else if (state.user === null && previous.user !== null) forgetOnSessionEnd(store);
  });
}
