import type { ServiceContext } from '../context.ts';
import { withQuotaLock } from '../cluster/quotaLock.ts';
import { conflict } from '../errors.ts';

/** The flows a store holds by default (GRIOT_MAX_FLOWS). */
export const DEFAULT_MAX_FLOWS = 500;

export function flowsFull(limit: number, flowId: string) {
  return conflict(
    'flows_full',
    `Griot keeps at most ${limit.toLocaleString('en')} flows, archived ones included (purged GRIOT_ARCHIVE_DAYS after their archiving): the operator can raise GRIOT_MAX_FLOWS`,
    {
      context: { flowId },
      params: { limit },
    },
  );
}

/**
 * Creates a flow only while the store holds fewer than `limit` (GRIOT_MAX_FLOWS): the count and
 * the create are one unit (`withQuotaLock`, `quota:flows`, on one instance or several), so N
 * creates at once never take the store past it together. Archived flows count: until purged they
 * keep their versions (up to 2,000 each) and their prompts, and an admin's restore brings one
 * back without a check.
 */
export function withFlowSlot<T>(ctx: ServiceContext, limit: number, flowId: string, create: () => Promise<T>): Promise<T> {
  return withQuotaLock(ctx.store.leases, 'flows', async () => {
    // A taken id is not counted: the store's create answers `exists` (409 flow_exists or flow_archived).
    if (!(await ctx.store.getFlow(flowId)) && (await ctx.store.listFlows()).length >= limit) throw flowsFull(limit, flowId);
    return create();
  });
}
