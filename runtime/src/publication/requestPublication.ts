import { hasErrors, lintFlow } from '@griot/flows';
import type { Actor, ServiceContext } from '../context.ts';
import type { EnvironmentName, PublicationRequest } from '../store/types.ts';
import { conflict, unprocessable } from '../errors.ts';
import { requireDraft } from '../flows/flowQueries.ts';
import { draftForConflict } from '../flows/saveDraft.ts';
import { getPublicationRequest, type PublicationRequestDetail } from './publicationQueries.ts';
import { flowLintContext } from '../flows/flowLintContext.ts';

export interface PublicationAsk {
  /** Where the version should go: staging, production or both. */
  targets: EnvironmentName[];
  comment: string;
  /** The draft revision the editor reviewed; a newer one is refused (409 `stale_revision`). */
  revision: number;
}

/**
 * Asks a publisher to publish the draft as it is at `revision`, and take it to `targets`. The
 * request freezes that revision (and its hash): a later save makes it outdated. A draft lint
 * refuses is refused here already (422 `lint_errors`). A newer request supersedes the flow's
 * pending ones; while a publisher is approving one, 409 `publication_in_progress`.
 */
export async function requestPublication(ctx: ServiceContext, actor: Actor, flowId: string, ask: PublicationAsk): Promise<PublicationRequestDetail> {
  const draft = await requireDraft(ctx, flowId);
  if (ask.revision !== draft.revision) {
    throw conflict('stale_revision', `the draft is at revision ${draft.revision}, not ${ask.revision}: review it again before asking`, {
      field: 'revision',
      params: { revision: draft.revision, expected: ask.revision },
      context: { flowId },
      body: { current: draftForConflict(draft) },
    });
  }
  const issues = lintFlow(draft.document, await flowLintContext(ctx, flowId));
  if (hasErrors(issues)) {
    const errors = issues.filter((i) => i.severity === 'error');
    throw unprocessable('lint_errors', `the draft has ${errors.length} error(s); fix them before asking to publish`, { context: { flowId }, body: { issues }, params: { count: errors.length } });
  }
  const store = ctx.store.publicationRequests;
  const approving = await store.listPublicationRequests({ flowId, status: 'approving', limit: 1 });
  if (approving[0]) {
    throw conflict('publication_in_progress', `${approving[0].decidedBy ?? 'a publisher'} is publishing an earlier request of this flow; ask again once it is done`, {
      context: { flowId },
      params: { by: approving[0].decidedBy ?? null },
    });
  }
  const now = ctx.now();
  const superseded: string[] = [];
  for (const pending of await store.listPublicationRequests({ flowId, status: 'pending', limit: 100 })) {
    if (await store.updatePublicationRequest({ ...pending, status: 'superseded', updatedAt: now }, pending)) superseded.push(pending.id);
  }
  const targets = (['staging', 'production'] as const).filter((t) => ask.targets.includes(t));
  const request: PublicationRequest = {
    id: ctx.newId(),
    flowId,
    draftRevision: draft.revision,
    draftHash: draft.hash,
    targets,
    comment: ask.comment.trim(),
    requestedBy: actor.username,
    requestedAt: now,
    status: 'pending',
    updatedAt: now,
  };
  await store.addPublicationRequest(request);
  await ctx.audit.record({
    actor: actor.username,
    action: 'publication.request',
    target: `flow:${flowId}`,
    hashAfter: draft.hash,
    details: { request: request.id, draftRevision: draft.revision, targets, ...(superseded.length ? { superseded } : {}) },
  });
  return getPublicationRequest(ctx, flowId, request.id);
}
