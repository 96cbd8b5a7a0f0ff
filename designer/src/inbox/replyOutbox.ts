import { createStore, useStore, type StoreApi } from 'zustand';
import { inboxSync, type InboxSync } from './inboxSync.ts';
import { inboxStore, type InboxStore } from './inboxStore.ts';
import { newClientId } from './newClientId.ts';

/** The reply box of one contact, kept while the agent looks at another one. */
export interface ReplyDraft {
  /** What the box holds. */
  text: string;
  /** The reply last tried: its id is kept until the server took it (sent again, it is stored and delivered once). */
  attempt: { text: string; clientId: string } | null;
  /** The text that could not reach the server: said at the field, and sent by itself when the connection is back, while the box still holds it. */
  unsent: string | null;
  busy: boolean;
}

const EMPTY: ReplyDraft = { text: '', attempt: null, unsent: null, busy: false };

/**
 * The agent's replies per contact, outside the reply box: a box unmounts when the agent opens
 * another contact, and what it held (a text being written, a reply the network dropped, promised
 * to go « dès le retour de la connexion ») must not go with it. A reply left unsent in any
 * conversation goes when the network or the live updates come back, with the id it was first
 * tried under (the server keeps one message per id: never twice).
 */
export class ReplyOutbox {
  readonly drafts: StoreApi<Record<string, ReplyDraft>> = createStore<Record<string, ReplyDraft>>(() => ({}));
  /** Counts sign-outs: a reply on its way when the agent signed out leaves nothing behind when its answer comes. */
  private generation = 0;

  constructor(private readonly deps: { sync: Pick<InboxSync, 'act' | 'replyRefusedForGood'>; store: InboxStore }) {}

  draft(contactId: string): ReplyDraft {
    return this.drafts.getState()[contactId] ?? EMPTY;
  }

  type(contactId: string, text: string): void {
    this.update(contactId, { text });
  }

  /** Sends what the box of `contactId` holds; true when the server took it. */
  async send(contactId: string): Promise<boolean> {
    const draft = this.draft(contactId);
    const value = draft.text.trim();
    if (!value || draft.busy) return false;
    // The same text tried again keeps its id; a changed text is a new reply.
    const attempt = draft.attempt?.text === value ? draft.attempt : { text: value, clientId: newClientId() };
    this.update(contactId, { busy: true, attempt });
    const generation = this.generation;
    const sent = await this.deps.sync.act(contactId, { kind: 'reply', text: value, clientId: attempt.clientId });
    // Signed out meanwhile (a shared computer): nothing of it for the next agent's boxes.
    if (generation !== this.generation) return sent;
    const refusedForGood = !sent && this.deps.sync.replyRefusedForGood();
    this.update(contactId, {
      busy: false,
      attempt: sent || refusedForGood ? null : attempt,
      unsent: sent || !this.unreachable() ? null : value,
      ...(sent ? { text: '' } : {}),
    });
    return sent;
  }

  /** The network or the live updates are back: every reply still unsent as it was goes (its own id). */
  sendUnsent(): void {
    for (const [contactId, draft] of Object.entries(this.drafts.getState())) {
      if (draft.unsent !== null && !draft.busy && draft.unsent === draft.text.trim() && draft.attempt?.text === draft.unsent) void this.send(contactId);
    }
  }

  /** Signed out: nothing of this agent's replies stays for the next one on this browser. */
  clear(): void {
    this.generation += 1;
    this.drafts.setState({}, true);
  }

  /** The last action failed without an answer of the server (the network, or the server down or failing): worth sending again. */
  private unreachable(): boolean {
    const notice = this.deps.store.getState().notice;
    return notice?.kind === 'connection' || (notice?.kind === 'error' && (notice.error.status === 0 || notice.error.status >= 500));
  }

  private update(contactId: string, patch: Partial<ReplyDraft>): void {
    const next = { ...this.draft(contactId), ...patch };
    if (next.text === '' && next.attempt === null && next.unsent === null && !next.busy) {
      const { [contactId]: _forgotten, ...others } = this.drafts.getState();
      this.drafts.setState(others, true);
    } else this.drafts.setState({ [contactId]: next });
  }
}

/** The reply box's state for `contactId`, as the outbox keeps it. */
export function useReplyDraft(outbox: ReplyOutbox, contactId: string): ReplyDraft {
  return useStore(outbox.drafts, (drafts) => drafts[contactId] ?? EMPTY);
}

/** The agent app's outbox. */
export const replyOutbox = new ReplyOutbox({ sync: inboxSync, store: inboxStore });
