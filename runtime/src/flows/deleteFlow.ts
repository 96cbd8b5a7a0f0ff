import type { Actor, ServiceContext } from '../context.ts';
import { invalid } from '../errors.ts';
import { requireDraft } from './flowQueries.ts';

/**
 * Deletes a flow with its versions, environments and bindings. The caller must type the
 * flow's name, as on GitHub: deleting a live IVR by a slip of the mouse would cut off callers.
 */
export async function deleteFlow(ctx: ServiceContext, actor: Actor, flowId: string, confirm: string): Promise<void> {
  const draft = await requireDraft(ctx, flowId);
  if (confirm !== draft.document.name) {
    throw invalid('confirmation_mismatch', `type the flow's name "${draft.document.name}" in confirm to delete it`, { field: 'confirm', context: { flowId } });
  }
  await ctx.store.deleteFlow(flowId);
  await ctx.audit.record({ actor: actor.username, action: 'flow.delete', target: `flow:${flowId}`, hashBefore: draft.hash, details: { name: draft.document.name } });
}
