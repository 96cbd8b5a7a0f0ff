import { diffFlows, type FlowDiff } from '@griot/flows';
import type { ServiceContext } from '../context.ts';
import { resolveDocument, type DocumentSource } from './flowQueries.ts';

/** `3`, `draft`, `staging` or `production`, as the diff and tests routes accept them. */
export type VersionRef = number | 'draft' | 'staging' | 'production';

export const toSource = (ref: VersionRef): DocumentSource => (typeof ref === 'number' ? { version: ref } : ref);

/** What changed between two versions of a flow (or a version and the draft), node by node. */
export async function diffFlow(ctx: ServiceContext, flowId: string, from: VersionRef, to: VersionRef): Promise<FlowDiff> {
  const [before, after] = await Promise.all([resolveDocument(ctx, flowId, toSource(from)), resolveDocument(ctx, flowId, toSource(to))]);
  return diffFlows(before.document, after.document);
}
