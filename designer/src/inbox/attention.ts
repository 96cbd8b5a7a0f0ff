import type { TFunction } from 'i18next';
import type { OpenContact } from './serviceOrder.ts';
import type { InboxState, InboxStore } from './inboxStore.ts';
import { channelLabel } from './channelLabel.ts';
import { queueLabel } from './queueLabel.ts';

const SOUND_KEY = 'griot.inbox.sound';

/** What calls the agent: a contact now waiting, or a message in one of their conversations. */
export interface Alert {
  kind: 'waiting' | 'message' | 'callback';
  /** As agents read it: the queue's display name, else its name. */
  queue: string;
  channel: OpenContact['channel'];
  /** Bot Framework's client (msteams, webchat…), read « Teams » or « Chat web ». */
  platform?: string;
}

/** Contacts waiting, callbacks due and the agent's conversations with a message not read yet: the count in the tab's title. */
export function attentionCount(state: Pick<InboxState, 'contacts' | 'unread'> & Partial<Pick<InboxState, 'dueCallbacks'>>): number {
  let count = Object.keys(state.unread).length + Object.keys(state.dueCallbacks ?? {}).length;
  for (const contact of Object.values(state.contacts)) if (contact.status === 'waiting') count += 1;
  return count;
}

/** The tab's title: « (2) Griot — Conseiller » while something waits, « Griot — Conseiller » otherwise. */
export function pageTitle(count: number, role: string): string {
  return `${count > 0 ? `(${count}) ` : ''}Griot — ${role}`;
}

/**
 * What is new between two states of the inbox: contacts that started waiting (arrived, or put back
 * in a queue), conversations that got an unread message, and callbacks whose time came (or asked
 * for now). Nothing before the first listing: what was already waiting when the page opened is in
 * the title, not alerted.
 */
type Seen = Pick<InboxState, 'contacts' | 'unread' | 'listed'> & Partial<Pick<InboxState, 'dueCallbacks' | 'callbacksListed' | 'callbacks'>>;
export function newAlerts(before: Seen, after: Seen & Partial<Pick<InboxState, 'settings'>>): Alert[] {
  if (!before.listed || !after.listed) return [];
  const alerts: Alert[] = [];
  const of = (kind: Alert['kind'], contact: OpenContact): Alert => ({
    kind,
    queue: queueLabel(contact.queue, after.settings?.[contact.queue]),
    channel: contact.channel,
    ...(contact.platform ? { platform: contact.platform } : {}),
  });
  if (after.contacts !== before.contacts) {
    for (const contact of Object.values(after.contacts)) {
      if (contact.status === 'waiting' && before.contacts[contact.id]?.status !== 'waiting') alerts.push(of('waiting', contact));
    }
  }
  if (after.unread !== before.unread) {
    for (const id of Object.keys(after.unread)) {
      const contact = after.contacts[id];
      if (!before.unread[id] && contact) alerts.push(of('message', contact));
    }
  }
  if (before.callbacksListed && after.dueCallbacks && after.dueCallbacks !== before.dueCallbacks) {
    for (const id of Object.keys(after.dueCallbacks)) {
      const request = after.callbacks?.find((r) => r.id === id);
      if (!before.dueCallbacks?.[id] && request) alerts.push({ kind: 'callback', queue: queueLabel(request.queue, after.settings?.[request.queue]), channel: 'voice' });
    }
  }
  return alerts;
}

/**
 * The desktop notification of an alert: what happened, the queue and the channel — never the
 * caller's number nor their words (the screen may be shared).
 */
export function notificationText(t: TFunction, alert: Alert): { title: string; body: string } {
  return {
    title: t(alert.kind === 'waiting' ? 'inbox.alert.waitingTitle' : alert.kind === 'callback' ? 'inbox.alert.callbackTitle' : 'inbox.alert.messageTitle'),
    body: t('inbox.alert.body', { queue: alert.queue, channel: channelLabel(t, alert) }),
  };
}

export function soundOn(): boolean {
  try {
    return localStorage.getItem(SOUND_KEY) !== 'off';
  } catch {
    return true;
  }
}

export function setSoundOn(on: boolean): void {
  try {
    localStorage.setItem(SOUND_KEY, on ? 'on' : 'off');
  } catch {
    // A browser without storage keeps the sound for this page only.
  }
}

let audio: AudioContext | undefined;
/** Two short tones (a quarter of a second), quiet. */
function chime(): void {
  try {
    audio ??= new AudioContext();
    const start = audio.currentTime;
    for (const [at, frequency] of [
      [0, 880],
      [0.14, 1175],
    ] as const) {
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = frequency;
      gain.gain.setValueAtTime(0.08, start + at);
      gain.gain.exponentialRampToValueAtTime(0.001, start + at + 0.12);
      tone.connect(gain).connect(audio.destination);
      tone.start(start + at);
      tone.stop(start + at + 0.12);
    }
  } catch {
    // No sound in this browser: the title and the notification still tell.
  }
}

/**
 * Keeps the agent told while another tab is in front: the tab's title counts what waits, a
 * desktop notification (when the page is hidden and the agent allowed them) and a short sound
 * (unless turned off) tell each new contact, message or callback come due (a timer at the next
 * promised time, on the server's clock, without a reload). Returns the function that stops it.
 */
export function startAttention(store: InboxStore, t: TFunction): () => void {
  const stopDue = startCallbackClock(store);
  const original = document.title;
  const retitle = (state: InboxState) => {
    const title = pageTitle(attentionCount(state), t('inbox.pageRole'));
    if (document.title !== title) document.title = title;
  };
  retitle(store.getState());
  // The desktop notification of contacts waiting (one at a time: its tag replaces the last) and the
  // contacts it told of: it goes once none of them waits for this agent any more (taken, or in a
  // queue an admin took from them), rather than calling them to what is no longer theirs.
  let waitingShown: { notification: Notification; ids: string[] } | null = null;
  const stop = store.subscribe((after, before) => {
    if (after.contacts !== before.contacts || after.unread !== before.unread || after.dueCallbacks !== before.dueCallbacks) retitle(after);
    if (waitingShown && after.contacts !== before.contacts && !waitingShown.ids.some((id) => after.contacts[id]?.status === 'waiting')) {
      waitingShown.notification.close();
      waitingShown = null;
    }
    const alerts = newAlerts(before, after);
    if (alerts.length === 0) return;
    const hidden = document.visibilityState === 'hidden';
    if (hidden && typeof Notification !== 'undefined' && Notification.permission === 'granted') {
      for (const alert of alerts) {
        const { title, body } = notificationText(t, alert);
        try {
          const notification = new Notification(title, { body, tag: `griot-inbox-${alert.kind}` });
          if (alert.kind === 'waiting') {
            const ids = Object.values(after.contacts)
              .filter((c) => c.status === 'waiting' && before.contacts[c.id]?.status !== 'waiting')
              .map((c) => c.id);
            waitingShown = { notification, ids };
          }
          notification.onclick = () => {
            window.focus();
            notification.close();
          };
        } catch {
          // Some browsers only notify from a service worker: the title and the sound still tell.
        }
      }
    }
    if ((hidden || !document.hasFocus()) && soundOn()) chime();
  });
  return () => {
    stop();
    stopDue();
    document.title = original;
  };
}

/** Longest a timer waits (browsers cap timers near 24.8 days; a callback is for today or tomorrow). */
const MAX_TIMER_MS = 6 * 60 * 60_000;

/**
 * Marks callbacks due when their promised time comes: a timer at the next one, on the server's
 * clock, set again as the callbacks change. The server also tells every inbox when one comes due
 * (a `callback` event), which reads the list again: a tab whose timers the browser slowed hears it too.
 */
export function startCallbackClock(store: InboxStore): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const state = store.getState();
    const now = Date.now() + state.serverOffsetMs;
    let next = Number.POSITIVE_INFINITY;
    for (const request of state.callbacks) {
      const at = request.status === 'pending' && request.callAt ? Date.parse(request.callAt) : Number.NaN;
      if (at > now && at < next) next = at;
    }
    if (next === Number.POSITIVE_INFINITY) return;
    timer = setTimeout(
      () => {
        store.getState().markDue(Date.now() + store.getState().serverOffsetMs);
        schedule();
      },
      Math.min(MAX_TIMER_MS, next - now + 50),
    );
  };
  schedule();
  const stop = store.subscribe((after, before) => {
    if (after.callbacks !== before.callbacks) schedule();
    // Heard by a screen reader like a new contact waiting.
    if (before.callbacksListed && after.dueCallbacks !== before.dueCallbacks) {
      const fresh = after.callbacks.find((r) => after.dueCallbacks[r.id] && !before.dueCallbacks[r.id]);
      if (fresh) after.announce({ kind: 'callbackDue', queue: queueLabel(fresh.queue, after.settings[fresh.queue]) });
    }
  });
  return () => {
    stop();
    if (timer) clearTimeout(timer);
  };
}
