import type { Actor, ServiceContext } from '../context.ts';
import type { PublicationRequest, Role } from '../store/types.ts';
import { BadInputError, conflict } from '../errors.ts';
import { getPublicationRequest, requireRequest, type PublicationRequestDetail } from './publicationQueries.ts';

/**
 * Closes a pending request without publishing: a publisher refuses it with a reason, or its
 * author (or an admin) withdraws it. 409 `publication_request_closed` once decided, or
 * `publication_in_progress` while a publisher is approving it.
 */
export async function closePublication(
  ctx: ServiceContext,
  actor: Actor & { roles: readonly Role[] },
  flowId: string,
  id: string,
  decision: { status: 'refused'; reason: string } | { status: 'withdrawn' },
): Promise<PublicationRequestDetail> {
  const request = await requireRequest(ctx, flowId, id);
  if (decision.status === 'withdrawn' && request.requestedBy !== actor.username && !actor.roles.includes('admin')) {
    throw new BadInputError('forbidden', 'not_your_publication_request', `only ${request.requestedBy}, who asked, may withdraw this request`, {
      context: { flowId },
      params: { requestedBy: request.requestedBy },
    });
  }
  if (request.status === 'approving') {
    throw conflict('publication_in_progress', `${request.decidedBy ?? 'a publisher'} is publishing this request now; look again in a moment`, {
      context: { flowId },
      params: { by: request.decidedBy ?? null },
    });
  }
  if (request.status !== 'pending') {
    throw conflict('publication_request_closed', `this request was already ${request.status}${request.decidedBy ? ` by ${request.decidedBy}` : ''}`, {
      context: { flowId },
      params: { status: request.status, by: request.decidedBy ?? null },
    });
  }
  const now = ctx.now();
  const decided: PublicationRequest = {
    ...request,
    status: decision.status,
    decidedBy: actor.username,
    decidedAt: now,
    updatedAt: now,
    ...(decision.status === 'refused' ? { reason: decision.reason.trim() } : {}),
  };
  if (!(await ctx.store.publicationRequests.updatePublicationRequest(decided, request))) {
    // Someone decided first: answer what they decided.
    return closePublication(ctx, actor, flowId, id, decision);
  }
  await ctx.audit.record({
    actor: actor.username,
    action: decision.status === 'refused' ? 'publication.refuse' : 'publication.withdraw',
    target: `flow:${flowId}`,
    details: { request: id, requestedBy: request.requestedBy, draftRevision: request.draftRevision },
  });
  return getPublicationRequest(ctx, flowId, id);
}
