import type { Actor, ServiceContext } from '../context.ts';
import type { FlowVersionSummary } from '../store/types.ts';
import { notFound } from '../errors.ts';
import { requireVersion } from './flowQueries.ts';
import { refuseDirectionControls } from '../refuseDirectionControls.ts';

/**
 * Names a published version the way people speak of it ("Ramadan 2027"), or removes the name
 * (null or blank). Only the label changes: the document, its hash and its number stay as
 * published. Audited with the label before and after.
 */
export async function labelVersion(ctx: ServiceContext, actor: Actor, flowId: string, number: number, label: string | null): Promise<FlowVersionSummary> {
  const before = await requireVersion(ctx, flowId, number);
  const wanted = label?.trim() ? label.trim() : null;
  refuseDirectionControls(wanted, 'label', before.label);
  const after = await ctx.store.setVersionLabel(flowId, number, wanted);
  if (!after) throw notFound('version_not_found', `flow ${flowId} has no version ${number}`, { context: { flowId } });
  await ctx.audit.record({
    actor: actor.username,
    action: 'version.label',
    target: `flow:${flowId}`,
    details: { version: number, before: before.label ?? null, after: wanted },
  });
  return after;
}
