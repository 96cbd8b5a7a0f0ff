import { z } from 'zod';
import type { ServiceContext } from '../context.ts';
import type { Draft, FlowRecord, FlowVersion } from '../store/types.ts';
import { getEnvironments, requireDraft, requireFlow, type EnvironmentsView } from './flowQueries.ts';

/** A flow with its draft, versions and environment pointers: one JSON file to keep in git. */
export interface FlowExport {
  format: 'griot-flow';
  formatVersion: 1;
  flow: FlowRecord;
  draft: Draft;
  versions: FlowVersion[];
  environments: EnvironmentsView;
}

const Pointer = z.object({ version: z.number().int().min(1) }).loose();

/** What an import accepts; documents are checked separately, with migrations. */
export const FlowExportInput = z.object({
  format: z.literal('griot-flow'),
  formatVersion: z.literal(1),
  flow: z
    .object({
      id: z.string().min(1),
      name: z.string().min(1),
      createdAt: z.string().max(100).optional(),
      createdBy: z.string().max(100).optional(),
      // A flow exported after an import: where it first came from (kept by a re-import).
      importedFrom: z.object({ createdAt: z.string().max(100).optional(), createdBy: z.string().max(100).optional() }).optional(),
    })
    .loose(),
  draft: z.object({ document: z.unknown() }).loose(),
  versions: z
    .array(
      z
        .object({
          number: z.number().int().min(1),
          hash: z.string().regex(/^sha256:[0-9a-f]{64}$/),
          document: z.unknown(),
          author: z.string().min(1),
          message: z.string(),
          createdAt: z.string().min(1),
          label: z.string().max(80).optional(),
          // A version exported after an import: what the first file claimed (kept by a re-import).
          importedFrom: z.object({ author: z.string().min(1), createdAt: z.string().min(1), message: z.string() }).optional(),
        })
        .loose(),
    )
    .default([]),
  environments: z.object({ staging: Pointer.nullable().default(null), production: Pointer.nullable().default(null) }).default({ staging: null, production: null }),
});
export type FlowExportInput = z.infer<typeof FlowExportInput>;

export async function exportFlow(ctx: ServiceContext, flowId: string): Promise<FlowExport> {
  const flow = await requireFlow(ctx, flowId);
  const [draft, summaries, environments] = await Promise.all([requireDraft(ctx, flowId), ctx.store.listVersions(flowId), getEnvironments(ctx, flowId)]);
  const versions = await Promise.all([...summaries].sort((a, b) => a.number - b.number).map(async (s) => (await ctx.store.getVersion(flowId, s.number))!));
  return { format: 'griot-flow', formatVersion: 1, flow, draft, versions, environments };
}
