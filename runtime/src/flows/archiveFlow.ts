import type { Actor, ServiceContext } from '../context.ts';
import type { FlowRecord, Role } from '../store/types.ts';
import { BadInputError, invalid, notFound } from '../errors.ts';
import { rolesAllow } from '../auth/roles.ts';
import { requireDraft, requireFlow } from './flowQueries.ts';
import { flowInUse, flowUsage } from './flowUsage.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A flow in the archive, as the admin's list shows it. */
export interface ArchivedFlow {
  id: string;
  name: string;
  archivedAt: string;
  archivedBy: string;
  /** From then on the retention job may purge it for good. */
  purgeAfter: string;
}

export const archivedView = (flow: FlowRecord, archiveDays: number): ArchivedFlow => ({
  id: flow.id,
  name: flow.name,
  archivedAt: flow.archivedAt ?? '',
  archivedBy: flow.archivedBy ?? '',
  purgeAfter: new Date(Date.parse(flow.archivedAt ?? '') + archiveDays * DAY_MS).toISOString(),
});

/**
 * "Deleting" a flow: it goes to the archive, where an admin can restore it for `archiveDays`.
 * Refused while anything routes callers to it (409 naming the environments and bindings).
 * Who may: an editor, for a flow that never ran in production (drafts, experiments, staging
 * trials); once a flow has run in production, only a publisher (or admin), the role that put it
 * there. The caller types the flow's name, as on GitHub.
 */
export async function archiveFlow(ctx: ServiceContext, actor: Actor & { roles: readonly Role[] }, flowId: string, confirm: string, options: { archiveDays: number }): Promise<ArchivedFlow> {
  const [flow, draft] = await Promise.all([requireFlow(ctx, flowId), requireDraft(ctx, flowId)]);
  const usage = await flowUsage(ctx, flowId);
  const inProduction = usage.environments.some((p) => p.name === 'production');
  if ((inProduction || flow.leftProductionAt) && !rolesAllow(actor.roles, ['publisher'])) {
    throw new BadInputError(
      'forbidden',
      'archive_needs_publisher',
      `flow ${flowId} has run in production: archiving it needs the publisher role (${actor.username} has ${actor.roles.join(', ') || 'no role'})`,
      { context: { flowId }, params: { required: ['publisher'], username: actor.username, roles: [...actor.roles] } },
    );
  }
  if (usage.environments.length > 0 || usage.bindings.length > 0) throw flowInUse(flowId, usage);
  if (confirm !== draft.document.name) {
    throw invalid('confirmation_mismatch', `type the flow's name "${draft.document.name}" in confirm to archive it`, { field: 'confirm', context: { flowId }, params: { name: draft.document.name } });
  }
  // The store checks again, in the same write: a binding made meanwhile still stops the archive.
  const result = await ctx.store.archiveFlow(flowId, ctx.now(), actor.username);
  if (!result.ok) {
    if (result.reason === 'live') throw flowInUse(flowId, result);
    throw notFound(result.reason === 'notFound' ? 'flow_not_found' : 'flow_archived', `flow ${flowId} is no longer there to archive`, { context: { flowId } });
  }
  const archived = archivedView(result.flow, options.archiveDays);
  await ctx.audit.record({
    actor: actor.username,
    action: 'flow.archive',
    target: `flow:${flowId}`,
    hashBefore: draft.hash,
    details: { name: draft.document.name, purgeAfter: archived.purgeAfter },
  });
  return archived;
}
