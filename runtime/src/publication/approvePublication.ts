import type { ServiceContext } from '../context.ts';
import type { PublicationRequest } from '../store/types.ts';
import { BadInputError, conflict } from '../errors.ts';
import { requireDraft } from '../flows/flowQueries.ts';
import { publishDraft } from '../flows/publishDraft.ts';
import { promoteVersion, type Promoter } from '../flows/promoteVersion.ts';
import { getPublicationRequest, requireRequest, type PublicationRequestDetail } from './publicationQueries.ts';

/**
 * How long an approval may hold a request (`approving`) before another publisher may take it
 * over: one that takes longer died half-way (a live one takes well under a second).
 */
export const APPROVAL_CLAIM_MS = 60_000;

export interface ApprovalRules {
  /** GRIOT_PUBLICATION_SELF_APPROVAL: the requester may approve their own request. */
  selfApproval: boolean;
}

const closed = (request: PublicationRequest) =>
  conflict('publication_request_closed', `this request was already ${request.status}${request.decidedBy ? ` by ${request.decidedBy}` : ''}`, {
    context: { flowId: request.flowId },
    params: { status: request.status, by: request.decidedBy ?? null },
  });

const inProgress = (request: PublicationRequest) =>
  conflict('publication_in_progress', `${request.decidedBy ?? 'a publisher'} is publishing this request now; look again in a moment`, {
    context: { flowId: request.flowId },
    params: { by: request.decidedBy ?? null },
  });

/**
 * Publishes exactly the requested draft revision through the ordinary publish (lint, frozen
 * audio) and promotes it to each target through the ordinary promotion (secrets, the staging
 * rule, production's tests), all as the approver. Someone else than the requester approves,
 * unless `selfApproval`.
 *
 * The request is first claimed (`pending` → `approving`, compare-and-set): of two publishers, one
 * publishes. If the process dies after publishing, the request stays `approving`; once the
 * claim is older than APPROVAL_CLAIM_MS a publisher approves it again, and the version already
 * published from that draft (the latest, with the draft's hash) is promoted instead of a second
 * one. Approving an approved request answers it again without doing anything. When the publish
 * or a promotion is refused, the request goes back to `pending` and the refusal is answered.
 */
export async function approvePublication(ctx: ServiceContext, actor: Promoter, flowId: string, id: string, rules: ApprovalRules): Promise<PublicationRequestDetail> {
  const request = await requireRequest(ctx, flowId, id);
  if (request.status === 'approved') return getPublicationRequest(ctx, flowId, id);
  if (request.status !== 'pending' && request.status !== 'approving') throw closed(request);
  if (request.requestedBy === actor.username && !rules.selfApproval) {
    await ctx.audit.record({ actor: actor.username, action: 'publication.approveRefused', target: `flow:${flowId}`, details: { request: id, reason: 'ownRequest' } });
    throw new BadInputError('forbidden', 'own_publication_request', 'you asked for this publication: another publisher approves it (four eyes)', {
      context: { flowId },
      params: { requestedBy: request.requestedBy },
    });
  }
  const now = ctx.now();
  if (request.status === 'approving' && Date.parse(now) - Date.parse(request.updatedAt) < APPROVAL_CLAIM_MS) throw inProgress(request);
  if (request.status === 'pending') {
    const draft = await requireDraft(ctx, flowId);
    if (draft.revision !== request.draftRevision || draft.hash !== request.draftHash) {
      throw conflict('publication_request_outdated', `the draft was saved since the request (revision ${draft.revision}, not ${request.draftRevision}): ask the editor to ask again`, {
        context: { flowId },
        params: { revision: draft.revision, requested: request.draftRevision },
      });
    }
  }
  const claimed: PublicationRequest = { ...request, status: 'approving', decidedBy: actor.username, decidedAt: now, updatedAt: now };
  if (!(await ctx.store.publicationRequests.updatePublicationRequest(claimed, request))) {
    const current = await requireRequest(ctx, flowId, id);
    if (current.status === 'approved') return getPublicationRequest(ctx, flowId, id);
    throw current.status === 'approving' ? inProgress(current) : closed(current);
  }
  await ctx.audit.record({
    actor: actor.username,
    action: 'publication.approve',
    target: `flow:${flowId}`,
    hashAfter: request.draftHash,
    details: { request: id, requestedBy: request.requestedBy, draftRevision: request.draftRevision, targets: request.targets, ...(request.status === 'approving' ? { resumed: true } : {}) },
  });

  let version: number;
  // The claim is renewed between steps (a promotion runs the flow's tests): a long approval is
  // not taken for a dead one. Lost, another publisher took it over: this one stops.
  let held = claimed;
  const renew = async () => {
    const renewed: PublicationRequest = { ...held, updatedAt: ctx.now() };
    if (!(await ctx.store.publicationRequests.updatePublicationRequest(renewed, held))) throw inProgress(held);
    held = renewed;
  };
  try {
    version = await publishedVersion(ctx, actor, claimed);
    for (const target of claimed.targets) {
      await renew();
      await promoteVersion(ctx, actor, flowId, target, version);
    }
    await renew();
  } catch (error) {
    // Refused (lint, the staging rule, failing tests…): the request waits again, as it was.
    const { decidedBy: _by, decidedAt: _at, ...waiting } = claimed;
    await ctx.store.publicationRequests.updatePublicationRequest({ ...waiting, status: 'pending', updatedAt: ctx.now() }, held);
    await ctx.audit.record({
      actor: actor.username,
      action: 'publication.approveFailed',
      target: `flow:${flowId}`,
      details: { request: id, code: error instanceof BadInputError ? error.code : 'internal' },
    });
    throw error;
  }
  const done: PublicationRequest = { ...held, status: 'approved', version, updatedAt: ctx.now() };
  if (!(await ctx.store.publicationRequests.updatePublicationRequest(done, held))) throw inProgress(held);
  await ctx.audit.record({
    actor: actor.username,
    action: 'publication.approved',
    target: `flow:${flowId}`,
    hashAfter: request.draftHash,
    details: { request: id, requestedBy: request.requestedBy, version, targets: request.targets },
  });
  return getPublicationRequest(ctx, flowId, id);
}

/** The version of the requested draft: the latest when it already is that draft (a resumed approval), else a new one. */
async function publishedVersion(ctx: ServiceContext, actor: Promoter, request: PublicationRequest): Promise<number> {
  const latest = await ctx.store.getLatestVersion(request.flowId);
  if (latest?.hash === request.draftHash) return latest.number;
  // The history's message is as short as a publish's (500 characters); the request keeps the whole comment.
  const message = (request.comment || `publication requested by ${request.requestedBy}`).slice(0, 500);
  // `once`: checked in the store's write, so two publishers of this draft make one version.
  const version = await publishDraft(ctx, actor, request.flowId, { message, revision: request.draftRevision, once: true });
  return version.number;
}
