import { notTaking, presenceStore } from './presenceStore.ts';
import { contactPath, navigate } from '../app/router.ts';
import { inboxSync } from './inboxSync.ts';
import { inboxStore } from './inboxStore.ts';

/** The one « Prendre le suivant » across the agent's queues (QueueList). */
export const TAKE_NEXT_ID = 'inbox-take-next';

/**
 * Takes the next waiting contact of any of the agent's queues and opens it; when nobody waits (or
 * colleagues took them first), the callback due first, brought into view with the keyboard on it.
 */
export async function takeNextAnywhere(): Promise<void> {
  // Paused (Alt+N too): the greyed button and its reason say why nothing is taken.
  if (notTaking(presenceStore.getState().mine)) {
    document.getElementById('not-taking')?.scrollIntoView({ block: 'nearest' });
    return;
  }
  const waiting = Object.values(inboxStore.getState().contacts).some((c) => c.status === 'waiting');
  const taken = waiting ? await inboxSync.takeNextAnywhere() : null;
  if (taken) {
    await navigate(contactPath(taken));
    return;
  }
  if (Object.keys(inboxStore.getState().dueCallbacks).length === 0) return;
  const callback = await inboxSync.takeDueCallback();
  if (!callback) return;
  requestAnimationFrame(() => {
    const item = document.querySelector<HTMLElement>(`.callbacks [data-callback-id="${CSS.escape(callback)}"]`);
    item?.scrollIntoView({ block: 'nearest' });
    item?.querySelector<HTMLElement>('a, button')?.focus();
  });
}

export type CallbackStep = 'take' | 'done' | 'failed' | 'retry';

/** How long a callback's step may take to show before the keyboard is left where it is. */
const CALLBACK_STEP_SHOWN_MS = 10_000;

/**
 * Takes a callback, or marks it done, failed or to retry, and keeps the keyboard with it: the
 * button pressed goes (« Prendre » becomes « Appeler », « Fait », « Échec »), and the focus
 * with it to the top of the page. Once the list shows the step: on the callback's next action,
 * else (done, gone from the list) on the next callback's, else on the callbacks' title. Left
 * alone if the agent went elsewhere meanwhile.
 */
export async function stepCallback(id: string, step: CallbackStep): Promise<void> {
  const statusOf = () => inboxStore.getState().callbacks.find((c) => c.id === id)?.status;
  const before = statusOf();
  const order = [...document.querySelectorAll('.callbacks [data-callback-id]')].map((e) => e.getAttribute('data-callback-id'));
  const shown = new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    };
    const unsubscribe = inboxStore.subscribe(() => {
      if (statusOf() !== before) done();
    });
    const timer = setTimeout(done, CALLBACK_STEP_SHOWN_MS);
  });
  await inboxSync.callbackStep(id, step);
  await shown;
  requestAnimationFrame(() => {
    const active = document.activeElement;
    if (active && active !== document.body && !active.closest('.callbacks')) return;
    const itemOf = (callback: string | null | undefined) => (callback ? document.querySelector<HTMLElement>(`.callbacks [data-callback-id="${CSS.escape(callback)}"]`) : null);
    const here = order.indexOf(id);
    const item = itemOf(id) ?? itemOf(order[here + 1]) ?? itemOf(order[here - 1]);
    (item?.querySelector<HTMLElement>('a, button') ?? document.getElementById('inbox-callbacks-title'))?.focus();
  });
}

/** Puts the keyboard in the reply box of the contact open; false when there is none. */
export function focusReply(): boolean {
  const box = document.querySelector<HTMLTextAreaElement>('#inbox-detail textarea[name="reply"]');
  box?.focus();
  return box !== null;
}

/** Once what the action changed is read and drawn, the keyboard goes on (focusNextPlace). */
export async function focusAfterLeaving(contactId: string): Promise<void> {
  await inboxSync.refreshContact(contactId).catch(() => undefined);
  requestAnimationFrame(focusNextPlace);
}

/**
 * After a contact leaves the agent (transferred, closed, handed back to the bot) the keyboard goes
 * where the agent goes next: « Prendre le suivant » when someone waits, else the first contact of
 * the queues, else the queues' title — not to the top of the page.
 */
export function focusNextPlace(): void {
  const next = document.getElementById(TAKE_NEXT_ID);
  const row = document.querySelector<HTMLElement>('#inbox-queues button.contact');
  const target = next instanceof HTMLButtonElement && !next.disabled ? next : (row ?? document.getElementById('inbox-queues-title'));
  target?.focus();
}

/** Whether a key pressed there is text being typed (shortcuts without Alt stay out of the way). */
export function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}
