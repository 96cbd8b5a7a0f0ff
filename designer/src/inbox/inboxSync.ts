import type { CallbackRequest, ClosingOutcome, HandoffChange, QueueSettings } from '@griot/flows';
import { loadMyPresence, presenceChanged, scheduleRows } from './presenceStore.ts';
import { agentApi, listenToAgentEvents, type AgentEventHandlers, type QueueSettingsBody, type SeenHolder } from '../api/agentApi.ts';
import { authApi } from '../api/authApi.ts';
import { ApiError, timedOut } from '../api/client.ts';
import { sessionStore } from '../app/sessionStore.ts';
import { byServiceOrder } from './serviceOrder.ts';
import { callbacksByWhen } from './callbackOrder.ts';
import { inboxStore, type InboxStore } from './inboxStore.ts';
import { coalesce } from './coalesce.ts';
import { loadCannedReplies } from './cannedReplyStore.ts';

const CALLBACK_STATUSES = ['pending', 'taken', 'failed'] as const;
const RECONNECT_MS = 3000;
/** Waiting contacts tried by "take next" before reading the queue again. */
const TAKE_NEXT_TRIES = 5;

export interface InboxSyncDeps {
  store: InboxStore;
  api: typeof agentApi;
  listen: (handlers: AgentEventHandlers) => () => void;
  whoAmI: () => Promise<unknown>;
  /** The session is gone: the app shows the login page. */
  signedOut: () => void;
  /** Reads the signed-in account again (an admin changed its queues): « Vos files » follows. */
  reloadUser?: () => Promise<void>;
}

/** What an agent does to a contact, as the agent API names it. */
export type ContactAction =
  | { kind: 'take' }
  | { kind: 'reply'; text: string; clientId: string }
  | { kind: 'transfer'; queue: string; note?: string }
  | { kind: 'release' }
  | { kind: 'close'; outcome: ClosingOutcome }
  | { kind: 'callback'; callAt?: string };

/**
 * Keeps the inbox store current: reads the listing when the live stream (re)opens, then each
 * Server-Sent Event names one contact, request or queue to read again, so that a change reaches
 * the page in one small request whatever the number of waiting contacts. It also runs what agents
 * and supervisors do (through the API layer) and reads at once what that changed.
 */
export class InboxSync {
  private me = '';
  private stopListening: (() => void) | null = null;
  private reconnect: ReturnType<typeof setTimeout> | undefined;
  /** One coalesced reader per contact: a burst of events on a contact costs at most two reads (one in flight, one pending). */
  private readonly readers = new Map<string, () => Promise<void>>();
  /** The last change told of each contact not read since: what its next read says to the agent. */
  private readonly told = new Map<string, { status?: string; wasWaiting: boolean }>();
  /** Contacts this agent transferred, released, closed or turned into a callback: leaving their hands is not news to them. */
  private readonly ownChanges = new Set<string>();

  constructor(private readonly deps: InboxSyncDeps) {}

  private get state() {
    return this.deps.store.getState();
  }

  /** Connects for `username`; what is already on screen (a contact opened by its address) stays. */
  start(username: string): void {
    if (this.stopListening && this.me === username) return;
    if (this.stopListening) this.stop();
    this.me = username;
    this.listen();
  }

  /** Called each time the live stream (re)opens: the server answers again. */
  private readonly reopened = new Set<() => void>();

  /** `listener` runs each time the live updates come back (a reply that could not go is sent then); returns the unsubscribe. */
  onReconnect(listener: () => void): () => void {
    this.reopened.add(listener);
    return () => this.reopened.delete(listener);
  }

  stop(): void {
    clearTimeout(this.reconnect);
    this.stopListening?.();
    this.stopListening = null;
    this.readers.clear();
    this.told.clear();
    this.ownChanges.clear();
    this.state.reset();
  }

  private listen(): void {
    this.stopListening?.();
    this.stopListening = this.deps.listen({
      // The stream is subscribed on the server before it opens: reading the listing then misses nothing.
      onOpen: () => {
        if (this.state.notice?.kind === 'connection') this.state.setNotice(null);
        void this.resync();
        // Connected again: the server counts this page as present (back « Disponible » after an absence), as it writes it.
        void loadMyPresence();
        setTimeout(() => void loadMyPresence(), 1_000);
        for (const listener of this.reopened) listener();
      },
      onEvent: (event) => this.onEvent(event),
      onError: (closed) => {
        this.state.setNotice({ kind: 'connection' });
        if (!closed) return;
        // Closed for good (the session ended, or the server refused): check who we are, then retry.
        this.stopListening?.();
        this.stopListening = () => clearTimeout(this.reconnect);
        this.deps.whoAmI().then(
          () => {
            this.reconnect = setTimeout(() => this.listen(), RECONNECT_MS);
          },
          (error: unknown) => {
            if (error instanceof ApiError && error.status === 401) this.deps.signedOut();
            else this.reconnect = setTimeout(() => this.listen(), RECONNECT_MS);
          },
        );
      },
    });
  }

  /**
   * The browser is online again (an agent's network dropped a while): what failed meanwhile (the
   * contact opened then, a queue read) is read again, and « serveur injoignable » goes, though the
   * live stream may have stayed open through the drop and never reopen.
   */
  backOnline(): void {
    const notice = this.state.notice;
    if (notice?.kind === 'error' && notice.error.status === 0) this.state.setNotice(null);
    if (this.stopListening) void this.resync();
  }

  private failed = (error: unknown): void => {
    // A 401 already took the user to the login page (api/client.ts).
    if (error instanceof ApiError && error.status === 401) return;
    if (error instanceof ApiError) {
      this.state.setNotice({ kind: 'error', error });
      return;
    }
    // Not an answer of the server: a bug here, for developers; the agent is told the update failed.
    console.error(error);
    this.state.setNotice({ kind: 'error', error: new ApiError(0, { error: { code: 'network' } }) });
  };

  readonly resync = coalesce(
    async () => {
      this.state.beginListing();
      const [queues] = await Promise.all([this.deps.api.queues(), this.loadCallbacks()]);
      this.state.applyListing(queues);
      const open = this.state.open?.id;
      if (open) await this.refreshContact(open);
    },
    this.failed,
    timedOut,
  );

  readonly loadCallbacks = coalesce(
    async () => {
      const lists = await Promise.all(CALLBACK_STATUSES.map((status) => this.deps.api.callbacks(status)));
      const before = new Map(this.state.callbacks.map((r) => [r.id, r]));
      const callbacks = lists.flat().sort((a, b) => a.requestedAt.localeCompare(b.requestedAt));
      this.state.setCallbacks(callbacks);
      this.announceCallbackCalls(before, callbacks);
    },
    this.failed,
    timedOut,
  );

  /** Tells the agent how Griot's call for their callback goes (ringing, put through, failed) as it changes. */
  private announceCallbackCalls(before: Map<string, CallbackRequest>, now: CallbackRequest[]): void {
    for (const request of now) {
      if (request.agent !== this.me || !request.lastCall) continue;
      const previous = before.get(request.id);
      // Only changes seen here: reading the list the first time says nothing.
      if (!previous) continue;
      if (previous.status === request.status && previous.lastCall?.status === request.lastCall.status && previous.lastCall?.attempt === request.lastCall.attempt) continue;
      this.state.announce({ kind: 'callbackCall', request });
    }
  }

  refreshContact(id: string): Promise<void> {
    let reader = this.readers.get(id);
    if (!reader) {
      // A read that never answers is given up on at its deadline (api/client.ts) and made again:
      // the events of this contact that came meanwhile wait for one read, not for ever.
      reader = coalesce(() => this.readContact(id), this.failed, timedOut);
      this.readers.set(id, reader);
    }
    return reader().finally(() => {
      if (!this.state.contacts[id] && this.state.open?.id !== id) this.readers.delete(id);
    });
  }

  private async readContact(id: string): Promise<void> {
    const told = this.told.get(id);
    this.told.delete(id);
    // Already told it left their hands: only « gone » (no reason known then) may be told more precisely.
    const lostBefore = this.state.open?.id === id ? this.state.open.lost : undefined;
    const held = lostBefore ? lostBefore.kind === 'gone' : this.heldByMe(id);
    try {
      const details = await this.deps.api.contact(id);
      this.state.upsert(details.contact);
      this.state.detailsRead(details);
      const now = details.contact;
      // A contact that started waiting in one of the agent's queues (read: not one they left).
      if (told?.status === 'waiting' && !told.wasWaiting && now.status === 'waiting') this.state.announce({ kind: 'waiting', queue: now.queue });
      if (now.status === 'assigned' && now.agent === this.me) {
        this.ownChanges.delete(id);
        this.state.lose(id, null);
      } else if (held && !this.ownChanges.has(id)) {
        this.state.lose(id, now.status === 'waiting' ? { kind: 'requeued' } : now.status === 'closed' ? { kind: 'closed' } : { kind: 'takenOver', ...(now.agent ? { agent: now.agent } : {}) });
      }
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) throw error;
      this.state.remove(id);
      // No longer theirs to read: the last change told says why, when there was one.
      if (held && !this.ownChanges.has(id) && !(lostBefore && told === undefined)) {
        this.state.lose(
          id,
          told?.status === 'waiting' ? { kind: 'requeued' } : told?.status === 'closed' ? { kind: 'closed' } : told?.status === 'assigned' ? { kind: 'takenOver' } : { kind: 'gone' },
        );
      }
    }
  }

  /** Whether the agent held the contact as their screen shows it (the pane's, else the list's). */
  private heldByMe(id: string): boolean {
    const open = this.state.open;
    const contact = (open?.id === id ? open.details?.contact : undefined) ?? this.state.contacts[id];
    return contact?.status === 'assigned' && contact.agent === this.me;
  }

  private onEvent(change: HandoffChange): void {
    this.state.noteServerTime(change.at);
    if (change.type === 'contact') {
      const known = this.state.contacts[change.id];
      // Announced once read: a contact put back in a queue the agent left (they held it) is not theirs to take.
      this.told.set(change.id, { ...(change.status ? { status: change.status } : {}), wasWaiting: this.told.get(change.id)?.wasWaiting ?? known?.status === 'waiting' });
      if (change.status === 'closed') this.state.remove(change.id);
      if (change.status !== 'closed' || this.state.open?.id === change.id) void this.refreshContact(change.id);
      else this.told.delete(change.id);
    } else if (change.type === 'message') {
      if (this.state.open?.id === change.id) return void this.refreshContact(change.id);
      const contact = this.state.contacts[change.id];
      if (contact?.status === 'assigned' && contact.agent === this.me && !this.state.unread[change.id]) {
        this.state.markUnread(change.id);
        this.state.announce({ kind: 'message', number: contact.callerNumber });
      }
    } else if (change.type === 'callback') void this.loadCallbacks();
    // A supervisor added, changed or removed a canned reply: an open reply box offers it at once.
    else if (change.type === 'canned') void loadCannedReplies(true);
    // An admin changed this agent's queues: their account (« Vos files »), then the listing the server now filters.
    else if (change.type === 'assignment') void Promise.resolve(this.deps.reloadUser?.()).then(this.resync, this.failed);
    // An agent's state: the boards read who is there again, nothing else changed.
    else if (change.type === 'presence') {
      presenceChanged(change, this.me || null);
      return;
    } else void this.resync();
    // Contacts taken, moved or closed change who is busy.
    scheduleRows();
  }

  /** Opens a contact (null: none) and reads it. */
  show(id: string | null): void {
    this.state.show(id);
    if (id) void this.refreshContact(id);
  }

  /** Runs an action on a contact, then reads what it changed without waiting for the event that follows; true when accepted. */
  async act(contactId: string, action: ContactAction): Promise<boolean> {
    this.state.setNotice(null);
    const { api } = this.deps;
    const seen = this.seenHolder(contactId);
    // Marked before the server answers: the event of the agent's own change may be read first.
    const handsOver = action.kind === 'transfer' || action.kind === 'release' || action.kind === 'close' || action.kind === 'callback';
    const markedNow = handsOver && !this.ownChanges.has(contactId);
    if (handsOver) this.ownChanges.add(contactId);
    try {
      if (action.kind === 'take') await api.take(contactId, seen);
      else if (action.kind === 'reply') await api.reply(contactId, action.text, action.clientId);
      else if (action.kind === 'transfer') await api.transfer(contactId, action.queue, seen, action.note?.trim() || undefined);
      else if (action.kind === 'release') await api.release(contactId, seen);
      else if (action.kind === 'close') await api.close(contactId, action.outcome, seen);
      else await api.toCallback(contactId, action.callAt);
    } catch (error) {
      if (markedNow) this.ownChanges.delete(contactId);
      this.failed(error);
      // Refused because the contact changed meanwhile (taken, moved, closed by someone else): what
      // the agent sees is read again at once, beside the reason, rather than left as it was.
      if (error instanceof ApiError && (error.status === 409 || error.status === 404)) void this.refreshContact(contactId);
      return false;
    }
    void this.refreshContact(contactId);
    if (action.kind === 'callback') void this.loadCallbacks();
    return true;
  }

  /**
   * The last action was a reply the platform refused for good (409 `reply_not_delivered`: kept and
   * shown "not delivered"): pressing Send again is a new reply, with a new id, not the same one
   * (which the server would refuse again the same way).
   */
  replyRefusedForGood(): boolean {
    const notice = this.state.notice;
    return notice?.kind === 'error' && notice.error.status === 409 && notice.error.code === 'reply_not_delivered';
  }

  /** Who held the contact on the agent's screen: the open contact's details, else its row in the queue. */
  private seenHolder(id: string): SeenHolder | undefined {
    const open = this.state.open;
    const contact = (open?.id === id ? open.details?.contact : undefined) ?? this.state.contacts[id];
    return contact ? { status: contact.status, agent: contact.agent ?? null, queue: contact.queue, priority: contact.priority } : undefined;
  }

  /** Takes the first waiting contact of a queue that nobody else took first, and opens it; its id, or null. */
  takeNext(queue: string): Promise<string | null> {
    return this.takeFirst((this.state.queues[queue] ?? []).filter((id) => this.state.contacts[id]?.status === 'waiting'));
  }

  /** Takes the next waiting contact across all the agent's queues (priority first, then the longest waiting), and opens it; its id, or null. */
  takeNextAnywhere(): Promise<string | null> {
    const { contacts } = this.state;
    const waiting = Object.values(contacts)
      .filter((c) => c.status === 'waiting')
      .sort(byServiceOrder)
      .map((c) => c.id);
    return this.takeFirst(waiting);
  }

  /**
   * Takes the callback to make first among those due (the earliest promised time, else the oldest
   * request) that nobody else took first; its id, or null. « Prendre le suivant » offers it when
   * nobody waits on a line.
   */
  async takeDueCallback(): Promise<string | null> {
    this.state.setNotice(null);
    const due = callbacksByWhen(this.state.callbacks, Date.now() + this.state.serverOffsetMs)
      .filter((c) => c.due && this.state.dueCallbacks[c.request.id])
      .map((c) => c.request.id)
      .slice(0, TAKE_NEXT_TRIES);
    for (const id of due) {
      try {
        await this.deps.api.callbackStep(id, 'take');
        await this.loadCallbacks();
        return id;
      } catch (error) {
        // Taken by someone else first: the next one. Refused because the agent is paused (or was set offline): none will do, they read why.
        if (!(error instanceof ApiError && error.status === 409) || error.code === 'agent_not_available') {
          this.failed(error);
          return null;
        }
      }
    }
    await this.loadCallbacks();
    return null;
  }

  private async takeFirst(ids: string[]): Promise<string | null> {
    this.state.setNotice(null);
    const waiting = ids.slice(0, TAKE_NEXT_TRIES);
    for (const id of waiting) {
      try {
        await this.deps.api.take(id, this.seenHolder(id));
        void this.refreshContact(id);
        return id;
      } catch (error) {
        // Taken by someone else first: the next one. Refused because the agent is paused (or was set offline): none will do, they read why.
        if (!(error instanceof ApiError && error.status === 409) || error.code === 'agent_not_available') {
          this.failed(error);
          return null;
        }
      }
    }
    await this.resync();
    return null;
  }

  /** Moves a callback request on (take, done, failed, retry). */
  async callbackStep(id: string, step: 'take' | 'done' | 'failed' | 'retry'): Promise<void> {
    this.state.setNotice(null);
    try {
      await this.deps.api.callbackStep(id, step);
    } catch (error) {
      this.failed(error);
    }
    void this.loadCallbacks();
  }

  /** Replaces a queue's settings; the answer is shown at once (the form handles a refusal itself). */
  async saveSettings(queue: string, body: QueueSettingsBody): Promise<QueueSettings> {
    this.state.setNotice(null);
    const settings = await this.deps.api.saveSettings(queue, body);
    this.state.setSettings(settings);
    return settings;
  }

  /** Removes a queue's settings: it reads as a queue without any at once (the panel handles a refusal itself). */
  async removeSettings(queue: string, defaults: QueueSettings): Promise<void> {
    this.state.setNotice(null);
    await this.deps.api.deleteSettings(queue);
    this.state.setSettings(defaults);
  }

  dismissNotice(): void {
    this.state.setNotice(null);
  }
}

/** The inbox of this page, fed by the agent API. */
export const inboxSync = new InboxSync({
  store: inboxStore,
  api: agentApi,
  listen: listenToAgentEvents,
  whoAmI: () => authApi.me(),
  signedOut: () => sessionStore.getState().sessionEnded(),
  reloadUser: async () => sessionStore.getState().setUser(await authApi.me()),
});
