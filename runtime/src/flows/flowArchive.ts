import type { Actor, ServiceContext } from '../context.ts';
import type { FlowRecord } from '../store/types.ts';
import { conflict, notFound } from '../errors.ts';
import { archivedView, type ArchivedFlow } from './archiveFlow.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The archive, newest first (admin). */
export async function listArchivedFlows(ctx: ServiceContext, options: { archiveDays: number }): Promise<ArchivedFlow[]> {
  const archived = (await ctx.store.listFlows()).filter((f) => f.archivedAt);
  return archived.map((f) => archivedView(f, options.archiveDays)).sort((a, b) => b.archivedAt.localeCompare(a.archivedAt) || a.id.localeCompare(b.id));
}

/**
 * Brings an archived flow back as it was: draft, versions and history. Its environments and
 * bindings were cleared before it was archived; putting it live again is a promotion and a
 * binding, by their roles.
 */
export async function restoreArchivedFlow(ctx: ServiceContext, actor: Actor, flowId: string): Promise<FlowRecord> {
  const before = await ctx.store.getFlow(flowId);
  if (!before) throw notFound('flow_not_found', `no flow ${flowId} (purged, or never created)`, { context: { flowId } });
  const restored = before.archivedAt ? await ctx.store.unarchiveFlow(flowId) : null;
  if (!restored) throw conflict('flow_not_archived', `flow ${flowId} is not archived`, { context: { flowId } });
  await ctx.audit.record({
    actor: actor.username,
    action: 'flow.restore',
    target: `flow:${flowId}`,
    details: { name: restored.name, archivedAt: before.archivedAt ?? null, archivedBy: before.archivedBy ?? null },
  });
  return restored;
}

/**
 * Retention: purges flows archived more than `archiveDays` ago, for good (draft, versions,
 * recorded prompts), each audited as `flow.purge` by `retention`.
 */
export async function purgeArchivedFlows(ctx: ServiceContext, now: Date, options: { archiveDays: number; removeAudio?: (flowId: string) => Promise<void> }): Promise<FlowRecord[]> {
  const purged = await ctx.store.purgeArchivedFlows(new Date(now.getTime() - options.archiveDays * DAY_MS).toISOString());
  for (const flow of purged) {
    await options.removeAudio?.(flow.id);
    // A new flow may take the id: it must not inherit the old one's requests to publish.
    await ctx.store.publicationRequests.deleteFlowPublicationRequests(flow.id);
    await ctx.audit.record({
      actor: 'retention',
      action: 'flow.purge',
      target: `flow:${flow.id}`,
      details: { name: flow.name, archivedAt: flow.archivedAt ?? null, archivedBy: flow.archivedBy ?? null, archiveDays: options.archiveDays },
    });
  }
  return purged;
}
