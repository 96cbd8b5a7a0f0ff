import { contentHash } from '@griot/flows';
import type { AuditLog } from '../audit/auditLog.ts';
import type { Actor } from '../context.ts';
import { notFound } from '../errors.ts';
import type { CannedReply, Store } from '../store/types.ts';
import type { HandoffEvents } from './HandoffEvents.ts';

/** What a supervisor writes: everything but the id and who saved it when. */
export type CannedReplyDraft = Pick<CannedReply, 'title' | 'texts' | 'queue'>;

const contentOf = ({ title, texts, queue }: CannedReply | CannedReplyDraft) => ({ title, texts, ...(queue ? { queue } : {}) });

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

  list(): Promise<CannedReply[]> {
    return this.store.listCannedReplies();
  }

  async create(actor: Actor, draft: CannedReplyDraft): Promise<CannedReply> {
    const reply = this.stamped(this.options.newId(), actor, draft);
    await this.store.putCannedReply(reply);
    await this.record(actor, 'cannedReply.create', null, reply);
    this.changed(reply.id, reply.queue);
    return reply;
  }

  async update(actor: Actor, id: string, draft: CannedReplyDraft): Promise<CannedReply> {
    const before = await this.existing(id);
    const reply = this.stamped(id, actor, draft);
    await this.store.putCannedReply(reply);
    await this.record(actor, 'cannedReply.update', before, reply);
    this.changed(id, reply.queue ?? before.queue);
    return reply;
  }

  async remove(actor: Actor, id: string): Promise<void> {
    const before = await this.existing(id);
    if (!(await this.store.deleteCannedReply(id))) throw notFound('canned_reply_not_found', 'no canned reply with that id');
    await this.record(actor, 'cannedReply.delete', before, null);
    this.changed(id, before.queue);
  }

  private changed(id: string, queue: string | undefined): void {
    this.events?.publish({ type: 'canned', id, ...(queue ? { queue } : {}), at: this.options.now() });
  }

  private async existing(id: string): Promise<CannedReply> {
    const reply = await this.store.getCannedReply(id);
    if (!reply) throw notFound('canned_reply_not_found', 'no canned reply with that id');
    return reply;
  }

  private stamped(id: string, actor: Actor, draft: CannedReplyDraft): CannedReply {
    return { id, ...contentOf(draft), updatedAt: this.options.now(), updatedBy: actor.username };
  }

  private async record(actor: Actor, action: string, before: CannedReply | null, after: CannedReply | null): Promise<void> {
    const shown = after ?? before;
    await this.audit.record({
      actor: actor.username,
      action,
      target: `canned_reply:${shown?.id}`,
      hashBefore: before ? contentHash(contentOf(before)) : undefined,
      hashAfter: after ? contentHash(contentOf(after)) : undefined,
      details: { title: shown?.title ?? '', ...(shown?.queue ? { queue: shown.queue } : {}), languages: Object.keys(shown?.texts ?? {}) },
    });
  }
}
