import { createStore, type StoreApi } from 'zustand';
import type { BoardContact, CallbackRequest, ContactDetails, HandoffContact, QueueSettings, QueueView } from '@griot/flows';
import type { ApiError } from '../api/client.ts';
import { byServiceOrder, type OpenContact } from './serviceOrder.ts';
import { callbacksByWhen } from './callbackOrder.ts';

/** Contacts first seen in an event sort after those of the last listing with the same priority and arrival. */
const EVENT_SEQ_START = 1e9;
const SERVER_SAMPLES = 20;

/** What the agent is told above the inbox: an action the server refused, or the live updates lost. */
export type Notice = { kind: 'error'; error: ApiError } | { kind: 'connection' };

/** What the screen reader hears (`n` makes the same words heard twice). */
export type AnnouncementOf = { kind: 'waiting'; queue: string } | { kind: 'message'; number: string } | { kind: 'callbackCall'; request: CallbackRequest } | { kind: 'callbackDue'; queue: string };
export type Announcement = AnnouncementOf & { n: number };

/**
 * Why a contact the agent held left their hands by someone else's action: put back in a queue (an
 * admin or a supervisor), taken over by another agent, closed elsewhere, or no longer theirs to
 * read at all (moved to a queue they do not answer).
 */
export type LostReason = { kind: 'requeued' } | { kind: 'takenOver'; agent?: string } | { kind: 'closed' } | { kind: 'gone' };

/** The contact on screen: as the listing had it until its details are read, then with messages and flow. */
export interface OpenDetail {
  id: string;
  details: ContactDetails | null;
  /** It was the agent's, and someone else's action took it from them: the pane says so, its actions go. */
  lost?: LostReason;
}

export interface InboxState {
  /** Open contacts (waiting or with an agent) by id. */
  contacts: Record<string, OpenContact>;
  /** Queue → its open contacts' ids in service order. */
  queues: Record<string, string[]>;
  /** Queues with settings, contacts or pending callbacks, by name; a queue once seen stays (at zero) until reload. */
  queueNames: string[];
  settings: Record<string, QueueSettings>;
  /** Pending, taken and failed callback requests, oldest first. */
  callbacks: CallbackRequest[];
  /** Pending callbacks whose time has come (the time promised, else at once), on the server's clock: they call the agent like a waiting contact. */
  dueCallbacks: Record<string, true>;
  /** The callbacks were read once: one due after that is new (the agent is alerted to it). */
  callbacksListed: boolean;
  open: OpenDetail | null;
  /** Contacts of the agent with a subscriber's message not seen yet. */
  unread: Record<string, true>;
  notice: Notice | null;
  announcement: Announcement | null;
  /** Server clock minus this browser's (waits are counted on the server's clock). */
  serverOffsetMs: number;
  /** The listing was read once: what appears after it is new (the agent is alerted to it). */
  listed: boolean;
}

export interface InboxActions {
  /** Call before reading the listing: what events change meanwhile wins over the (older) listing. */
  beginListing(): void;
  /** The answer of GET /api/agent/queues. */
  applyListing(queues: QueueView[]): void;
  /** A contact as GET /api/agent/contacts/:id answered it. */
  upsert(contact: HandoffContact): void;
  /** The contact closed: it leaves its queue, and a late answer cannot bring it back. */
  remove(id: string): void;
  setCallbacks(callbacks: CallbackRequest[]): void;
  /** The callbacks due at the server's time `nowMs` (a promised time came). */
  markDue(nowMs: number): void;
  setSettings(settings: QueueSettings): void;
  /** Opens a contact on screen (its unread mark goes). */
  show(id: string | null): void;
  /** Details of a contact read from the server; ignored when another is open or they are older. */
  detailsRead(details: ContactDetails): void;
  /** The open contact left the agent's hands by someone else's action (null: theirs again). */
  lose(id: string, reason: LostReason | null): void;
  markUnread(id: string): void;
  setNotice(notice: Notice | null): void;
  announce(announcement: AnnouncementOf): void;
  /** The server's time of an event (`at`). */
  noteServerTime(iso: string): void;
  /** Forgets everything (signed out). */
  reset(): void;
}

export type InboxStore = StoreApi<InboxState & InboxActions>;

const EMPTY: InboxState = {
  contacts: {},
  queues: {},
  queueNames: [],
  settings: {},
  callbacks: [],
  dueCallbacks: {},
  callbacksListed: false,
  open: null,
  unread: {},
  notice: null,
  announcement: null,
  serverOffsetMs: 0,
  listed: false,
};

/**
 * What the inbox knows, without any I/O: the open contacts of each queue in service order, queue
 * settings, callback requests, the contact on screen and the server's clock. Filled from the
 * listing, then kept current one change at a time (each Server-Sent Event names one contact),
 * so that a change in a queue of a thousand re-sorts that queue only and redraws one row.
 */
export function createInboxStore(): InboxStore {
  /** Contacts seen closed: a late answer must not bring them back (a closed contact never reopens). */
  let closed = new Set<string>();
  let touchedDuringListing: Set<string> | null = null;
  let seq = EVENT_SEQ_START;
  let samples: number[] = [];
  let announcements = 0;
  let seenQueues = new Set<string>();

  return createStore<InboxState & InboxActions>()((set, get) => {
    /** Queue names with every queue that has something now; a queue seen once stays. */
    const namesWith = (queues: Record<string, string[]>, settings: Record<string, QueueSettings>, callbacks: CallbackRequest[]): string[] => {
      const before = seenQueues.size;
      for (const [queue, ids] of Object.entries(queues)) if (ids.length) seenQueues.add(queue);
      for (const request of callbacks) if (request.status === 'pending') seenQueues.add(request.queue);
      for (const queue of Object.keys(settings)) seenQueues.add(queue);
      return seenQueues.size === before && get().queueNames.length === before ? get().queueNames : [...seenQueues].sort();
    };

    const sorted = (contacts: Record<string, OpenContact>, ids: Iterable<string>) =>
      [...ids]
        .map((id) => contacts[id])
        .filter((c): c is OpenContact => c !== undefined)
        .sort(byServiceOrder)
        .map((c) => c.id);

    /**
     * Puts a contact in, moving it between queues: it is taken out where it was and put back at
     * its place by a binary search, so a change in a queue of a thousand costs no sort.
     */
    const put = (contact: OpenContact) => {
      const state = get();
      const before = state.contacts[contact.id];
      const contacts = { ...state.contacts, [contact.id]: contact };
      const queues = { ...state.queues };
      if (before) queues[before.queue] = without(queues[before.queue] ?? [], contact.id);
      queues[contact.queue] = inserted(queues[contact.queue] ?? [], contacts, contact);
      set({ contacts, queues, queueNames: namesWith(queues, state.settings, state.callbacks), announcement: current(state.announcement, contacts) });
    };

    return {
      ...EMPTY,

      beginListing() {
        touchedDuringListing = new Set();
      },

      applyListing(listing) {
        const touched = touchedDuringListing ?? new Set<string>();
        touchedDuringListing = null;
        const state = get();
        const contacts: Record<string, OpenContact> = {};
        // What changed while the listing was read is newer than the listing.
        for (const id of touched) if (state.contacts[id]) contacts[id] = state.contacts[id];
        const settings: Record<string, QueueSettings> = {};
        let order = 0;
        let listingOffset: number | undefined;
        for (const view of listing) {
          settings[view.queue] = view.settings;
          for (const contact of view.contacts) {
            listingOffset = Date.parse(contact.enqueuedAt) + contact.waitSeconds * 1000 - Date.now();
            if (touched.has(contact.id) || closed.has(contact.id)) {
              order += 1;
              continue;
            }
            contacts[contact.id] = withoutWait(contact, order++);
          }
        }
        const byQueue = new Map<string, string[]>();
        for (const contact of Object.values(contacts)) byQueue.set(contact.queue, [...(byQueue.get(contact.queue) ?? []), contact.id]);
        const queues: Record<string, string[]> = {};
        for (const [queue, ids] of byQueue) queues[queue] = sorted(contacts, ids);
        for (const queue of Object.keys(state.queues)) queues[queue] ??= [];
        const serverOffsetMs = samples.length || listingOffset === undefined ? state.serverOffsetMs : listingOffset;
        set({ contacts, queues, settings, serverOffsetMs, listed: true, queueNames: namesWith(queues, settings, state.callbacks), announcement: current(state.announcement, contacts) });
      },

      upsert(contact) {
        touchedDuringListing?.add(contact.id);
        if (contact.status === 'closed') return get().remove(contact.id);
        if (closed.has(contact.id)) return;
        const current = get().contacts[contact.id];
        // Answers can cross: keep the newer state.
        if (current && current.updatedAt > contact.updatedAt) return;
        put({ ...contact, seq: current?.seq ?? seq++ });
      },

      remove(id) {
        touchedDuringListing?.add(id);
        closed.add(id);
        const state = get();
        const contact = state.contacts[id];
        if (!contact) return;
        const contacts = { ...state.contacts };
        delete contacts[id];
        const unread = { ...state.unread };
        delete unread[id];
        set({ contacts, unread, queues: { ...state.queues, [contact.queue]: without(state.queues[contact.queue] ?? [], id) }, announcement: current(state.announcement, contacts) });
      },

      setCallbacks(callbacks) {
        const state = get();
        const dueCallbacks = dueOf(callbacks, Date.now() + state.serverOffsetMs, state.dueCallbacks);
        set({ callbacks, dueCallbacks, callbacksListed: true, queueNames: namesWith(state.queues, state.settings, callbacks) });
      },

      markDue(nowMs) {
        const state = get();
        const dueCallbacks = dueOf(state.callbacks, nowMs, state.dueCallbacks);
        if (dueCallbacks !== state.dueCallbacks) set({ dueCallbacks });
      },

      setSettings(settings) {
        const state = get();
        const all = { ...state.settings, [settings.queue]: settings };
        set({ settings: all, queueNames: namesWith(state.queues, all, state.callbacks) });
      },

      show(id) {
        const state = get();
        if (id === null) return set({ open: null });
        const unread = { ...state.unread };
        delete unread[id];
        set({ open: state.open?.id === id ? state.open : { id, details: null }, unread });
      },

      detailsRead(details) {
        const open = get().open;
        if (open?.id !== details.contact.id) return;
        if (open.details && open.details.contact.updatedAt > details.contact.updatedAt) return;
        set({ open: { id: open.id, details, ...(open.lost ? { lost: open.lost } : {}) } });
      },

      lose(id, reason) {
        const open = get().open;
        if (open?.id !== id) return;
        if (reason) set({ open: { ...open, lost: reason } });
        else if (open.lost) set({ open: { id: open.id, details: open.details } });
      },

      markUnread(id) {
        if (get().unread[id]) return;
        set({ unread: { ...get().unread, [id]: true } });
      },

      setNotice(notice) {
        set({ notice });
      },

      announce(announcement) {
        set({ announcement: { ...announcement, n: ++announcements } });
      },

      noteServerTime(iso) {
        const sample = Date.parse(iso) - Date.now();
        if (Number.isNaN(sample)) return;
        samples.push(sample);
        if (samples.length > SERVER_SAMPLES) samples.shift();
        // Network delay only makes the server look earlier: the largest recent gap is the closest.
        const serverOffsetMs = Math.max(...samples);
        if (serverOffsetMs !== get().serverOffsetMs) set({ serverOffsetMs });
      },

      reset() {
        closed = new Set();
        touchedDuringListing = null;
        seq = EVENT_SEQ_START;
        samples = [];
        seenQueues = new Set();
        set({ ...EMPTY });
      },
    };
  });
}

/** The ids of the pending callbacks due at `nowMs` (`current` itself when they are the same). */
function dueOf(callbacks: CallbackRequest[], nowMs: number, current: Record<string, true>): Record<string, true> {
  const due: Record<string, true> = {};
  for (const { request, due: now } of callbacksByWhen(callbacks, nowMs)) if (now) due[request.id] = true;
  const ids = Object.keys(due);
  return ids.length === Object.keys(current).length && ids.every((id) => current[id]) ? current : due;
}

/**
 * The announcement, unless it is « a new contact waits in X » while nothing waits in X for this
 * agent any more (taken, or a queue an admin took from them): then it goes, rather than being read
 * or shown after the fact.
 */
function current(announcement: Announcement | null, contacts: Record<string, OpenContact>): Announcement | null {
  if (announcement?.kind !== 'waiting') return announcement;
  for (const contact of Object.values(contacts)) if (contact.status === 'waiting' && contact.queue === announcement.queue) return announcement;
  return null;
}

/** The ids without `id` (the same array when it is not there). */
function without(ids: string[], id: string): string[] {
  const at = ids.indexOf(id);
  return at === -1 ? ids : [...ids.slice(0, at), ...ids.slice(at + 1)];
}

/** The ids (in service order, `contact` not among them) with `contact` at its place. */
function inserted(ids: string[], contacts: Record<string, OpenContact>, contact: OpenContact): string[] {
  let low = 0;
  let high = ids.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const other = contacts[ids[middle] as string];
    if (other && byServiceOrder(other, contact) <= 0) low = middle + 1;
    else high = middle;
  }
  return [...ids.slice(0, low), contact.id, ...ids.slice(low)];
}

/** The listing's contact without its wait at listing time (the page counts waits on the server's clock). */
function withoutWait(contact: BoardContact, order: number): OpenContact {
  const { waitSeconds: _wait, callbackDue: _due, ...rest } = contact;
  return { ...rest, seq: order };
}

/** The inbox of this page. */
export const inboxStore = createInboxStore();
