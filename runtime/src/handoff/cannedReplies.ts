import { contentHash } from '@griot/flows';
import type { AuditLog } from '../audit/auditLog.ts';
import type { Actor } from '../context.ts';
import { conflict, notFound } from '../errors.ts';
import { refuseDirectionControls, refuseNewQueueDirectionControls } from '../refuseDirectionControls.ts';
import type { CannedReply, Store } from '../store/types.ts';
import type { HandoffEvents } from './HandoffEvents.ts';

/** What a supervisor writes: everything but the id and who saved it when (`queue`: an older client's one queue). */
export type CannedReplyDraft = Pick<CannedReply, 'title' | 'texts' | 'queues' | 'queue'>;

/** The queues a reply is meant for, without repeats, in the order given (an older reply's `queue` too); empty: every queue. */
export function cannedQueues(reply: Pick<CannedReply, 'queues' | 'queue'>): string[] {
  return [...new Set([...(reply.queues ?? []), ...(reply.queue ? [reply.queue] : [])])];
}

/** A reply as kept and answered: `queues` (absent for every queue), never the older `queue`. */
function withQueues<T extends CannedReply>(reply: T): T {
  const { queue: _older, queues: _given, ...rest } = reply;
  const queues = cannedQueues(reply);
  return { ...rest, ...(queues.length > 0 ? { queues } : {}) } as T;
}

const contentOf = (reply: CannedReply | CannedReplyDraft) => {
  const queues = cannedQueues(reply);
  return { title: reply.title, texts: reply.texts, ...(queues.length > 0 ? { queues } : {}) };
};

/**
 * How many canned replies there may be, and how much text in all (characters of titles and
 * texts): every agent's app reads the whole list, so it must stay small enough to read at each
 * shift's start (about 1 MB at most); a team's real list is a few dozen. One reply's size is
 * bounded by the route (`MAX_CANNED_REPLY_CHARS`).
 */
export const MAX_CANNED_REPLIES = 500;
export const MAX_CANNED_TOTAL_CHARS = 1_000_000;
/** The text of one reply in all its languages: a few paragraphs in each of a few languages. */
export const MAX_CANNED_REPLY_CHARS = 16_000;

export const cannedReplyChars = ({ title, texts }: Pick<CannedReply, 'title' | 'texts'>): number => Object.values(texts).reduce((sum, text) => sum + text.length, title.length);

/**
 * The canned replies ("réponses types") supervisors and admins write and agents insert. Every
 * change is audited on `canned_reply:<id>` with its title, queue and hashes (never the text).
 */
export class CannedReplies {
  constructor(
    private readonly store: Store,
    private readonly audit: AuditLog,
    private readonly options: { now: () => string; newId: () => string },
    /** Tells the agents' open reply boxes (live stream event `canned`), so a new reply is offered at once. */
    private readonly events?: Pick<HandoffEvents, 'publish'>,
  ) {}

  /**
   * The replies, by title; with `queue`, only those offered on that queue's contacts: first
   * those meant for that queue (among others, maybe), then the general ones. Griot does not
   * assign agents to queues (every agent sees every queue's contacts), so the queue is the one of
   * the contact the agent answers.
   */
  async list(queue?: string): Promise<CannedReply[]> {
    const replies = (await this.store.listCannedReplies()).map(withQueues);
    if (queue === undefined) return replies;
    const own = replies.filter((r) => r.queues?.includes(queue));
    return [...own, ...replies.filter((r) => !r.queues)];
  }

  async create(actor: Actor, draft: CannedReplyDraft): Promise<CannedReply> {
    const replies = await this.store.listCannedReplies();
    if (replies.length >= MAX_CANNED_REPLIES) {
      throw conflict('canned_replies_full', `there are already ${MAX_CANNED_REPLIES} canned replies: remove one first`, { params: { limit: MAX_CANNED_REPLIES } });
    }
    refuseDirectionControls(draft.title, 'title');
    await this.refuseNewQueues(draft, []);
    this.checkTotal(replies, null, draft);
    const reply = this.stamped(this.options.newId(), actor, draft);
    await this.store.putCannedReply(reply);
    await this.record(actor, 'cannedReply.create', null, reply);
    this.changed(reply.id, reply.queues);
    return reply;
  }

  async update(actor: Actor, id: string, draft: CannedReplyDraft): Promise<CannedReply> {
    const before = await this.existing(id);
    refuseDirectionControls(draft.title, 'title', before.title);
    await this.refuseNewQueues(draft, cannedQueues(before));
    this.checkTotal(await this.store.listCannedReplies(), before, draft);
    const reply = this.stamped(id, actor, draft);
    await this.store.putCannedReply(reply);
    await this.record(actor, 'cannedReply.update', before, reply);
    this.changed(id, [...new Set([...(reply.queues ?? []), ...cannedQueues(before)])]);
    return reply;
  }

  async remove(actor: Actor, id: string): Promise<void> {
    const before = await this.existing(id);
    if (!(await this.store.deleteCannedReply(id))) throw notFound('canned_reply_not_found', 'no canned reply with that id');
    await this.record(actor, 'cannedReply.delete', before, null);
    this.changed(id, cannedQueues(before));
  }

  /** Tells the open reply boxes; the event names the queue when the reply is meant for one only. */
  private changed(id: string, queues: string[] | undefined): void {
    const queue = queues?.length === 1 ? queues[0] : undefined;
    this.events?.publish({ type: 'canned', id, ...(queue ? { queue } : {}), at: this.options.now() });
  }

  /** A queue the reply already named, or that agents can transfer to (a stored flow's, a configured one), as written; a new one with a direction control refused. */
  private async refuseNewQueues(draft: CannedReplyDraft, held: string[]): Promise<void> {
    await refuseNewQueueDirectionControls(this.store, cannedQueues(draft), (i) => `queues.${i}`, held);
  }

  /** Refuses a change that would take the text of all replies past the limit (one that shrinks it passes, whatever the total). */
  private checkTotal(replies: CannedReply[], before: CannedReply | null, draft: CannedReplyDraft): void {
    const others = replies.reduce((sum, r) => (r.id === before?.id ? sum : sum + cannedReplyChars(r)), 0);
    const after = others + cannedReplyChars(draft);
    if (after > MAX_CANNED_TOTAL_CHARS && (!before || cannedReplyChars(draft) > cannedReplyChars(before))) {
      throw conflict('canned_replies_full', `the canned replies would hold more than ${MAX_CANNED_TOTAL_CHARS.toLocaleString('en')} characters in all: shorten or remove some first`, {
        params: { limit: MAX_CANNED_TOTAL_CHARS },
      });
    }
  }

  private async existing(id: string): Promise<CannedReply> {
    const reply = await this.store.getCannedReply(id);
    if (!reply) throw notFound('canned_reply_not_found', 'no canned reply with that id');
    return reply;
  }

  private stamped(id: string, actor: Actor, draft: CannedReplyDraft): CannedReply {
    return withQueues({ id, ...contentOf(draft), updatedAt: this.options.now(), updatedBy: actor.username });
  }

  private async record(actor: Actor, action: string, before: CannedReply | null, after: CannedReply | null): Promise<void> {
    const shown = after ?? before;
    await this.audit.record({
      actor: actor.username,
      action,
      target: `canned_reply:${shown?.id}`,
      hashBefore: before ? contentHash(contentOf(before)) : undefined,
      hashAfter: after ? contentHash(contentOf(after)) : undefined,
      details: { title: shown?.title ?? '', ...(shown && cannedQueues(shown).length > 0 ? { queues: cannedQueues(shown) } : {}), languages: Object.keys(shown?.texts ?? {}) },
    });
  }
}
