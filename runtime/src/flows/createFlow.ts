import type { Actor, ServiceContext } from '../context.ts';
import type { Draft, FlowRecord } from '../store/types.ts';
import { conflict } from '../errors.ts';
import { readFlowDocument } from './readFlowDocument.ts';
import { DEFAULT_MAX_FLOWS, withFlowSlot } from './flowQuota.ts';
import { refuseDirectionControls, refuseDocumentDirectionControls } from '../refuseDirectionControls.ts';

/** Creates a flow from a document; its draft starts at revision 1. 409 when the id is taken, or when the store holds `maxFlows` flows (`flows_full`). */
export async function createFlow(ctx: ServiceContext, actor: Actor, input: unknown, options: { maxFlows: number } = { maxFlows: DEFAULT_MAX_FLOWS }): Promise<{ flow: FlowRecord; draft: Draft }> {
  const { document, hash } = readFlowDocument(input);
  refuseDirectionControls(document.name, 'document.name');
  refuseDocumentDirectionControls(document, 'document');
  const at = ctx.now();
  const flow: FlowRecord = { id: document.id, name: document.name, createdAt: at, createdBy: actor.username, updatedAt: at };
  const draft: Draft = { flowId: document.id, revision: 1, document, hash, updatedAt: at, updatedBy: actor.username };
  const created = await withFlowSlot(ctx, options.maxFlows, document.id, () => ctx.store.createFlow(flow, draft));
  if (!created.ok) {
    const existing = await ctx.store.getFlow(document.id);
    if (existing?.archivedAt) {
      throw conflict('flow_archived', `the id ${document.id} belongs to a flow archived on ${existing.archivedAt}: an admin can restore it, or change document.id`, {
        field: 'document.id',
        params: { archivedAt: existing.archivedAt },
        context: { flowId: document.id },
      });
    }
    throw conflict('flow_exists', `a flow with the id ${document.id} exists: change document.id or import with ?replace=true`, {
      field: 'document.id',
      context: { flowId: document.id },
    });
  }
  await ctx.audit.record({ actor: actor.username, action: 'flow.create', target: `flow:${flow.id}`, hashAfter: hash, details: { name: flow.name } });
  return { flow, draft };
}
