import { lintFlow, type Flow, type LintIssue } from '@griot/flows';
import type { ServiceContext } from '../context.ts';
import type { Draft, EnvironmentPointer, FlowRecord, FlowVersion, FlowVersionSummary } from '../store/types.ts';
import { notFound } from '../errors.ts';
import { flowLintContext } from './flowLintContext.ts';

export interface EnvironmentsView {
  staging: EnvironmentPointer | null;
  production: EnvironmentPointer | null;
}

export interface FlowListItem {
  id: string;
  name: string;
  updatedAt: string;
  draftRevision: number;
  latestVersion: number | null;
  environments: { staging: number | null; production: number | null };
  /** Where the flow list files it (the draft's `settings.folder`). */
  folder?: string;
}

export interface FlowDetail {
  flow: FlowRecord;
  draft: Draft;
  /** The newest `DETAIL_VERSIONS`, oldest first (a flow keeps up to 2,000: older ones from the paged versions listing). */
  versions: FlowVersionSummary[];
  /** Whether older versions than these exist (`GET /api/flows/{id}/versions?before=<the first number>`). */
  olderVersions: boolean;
  environments: EnvironmentsView;
  lint: LintIssue[];
}

/** Versions a flow's detail carries: the newest page, as the versions listing's first page (100). */
export const DETAIL_VERSIONS = 100;

/** Where a document comes from when previewing, diffing or testing. */
export type DocumentSource = 'draft' | 'staging' | 'production' | { version: number };

/** An archived flow is gone for everyone but the admin who may restore it. */
export const archivedFlowError = (flow: FlowRecord) =>
  notFound('flow_archived', `flow ${flow.id} was archived on ${flow.archivedAt} by ${flow.archivedBy}: an admin can restore it (POST /api/archived-flows/${flow.id}/restore)`, {
    context: { flowId: flow.id },
    params: { archivedAt: flow.archivedAt ?? null, archivedBy: flow.archivedBy ?? null },
  });

/** The flow, unless it is unknown or archived (404 either way, each with its code). */
export async function requireFlow(ctx: ServiceContext, id: string): Promise<FlowRecord> {
  const flow = await ctx.store.getFlow(id);
  if (!flow) throw notFound('flow_not_found', `no flow ${id}`, { context: { flowId: id } });
  if (flow.archivedAt) throw archivedFlowError(flow);
  return flow;
}

export async function requireDraft(ctx: ServiceContext, flowId: string): Promise<Draft> {
  const [, draft] = await Promise.all([requireFlow(ctx, flowId), ctx.store.getDraft(flowId)]);
  if (!draft) throw notFound('flow_not_found', `no flow ${flowId}`, { context: { flowId } });
  return draft;
}

export async function requireVersion(ctx: ServiceContext, flowId: string, number: number): Promise<FlowVersion> {
  const [, version] = await Promise.all([requireFlow(ctx, flowId), ctx.store.getVersion(flowId, number)]);
  if (!version) throw notFound('version_not_found', `flow ${flowId} has no version ${number}`, { context: { flowId }, params: { version: number } });
  return version;
}

export async function getEnvironments(ctx: ServiceContext, flowId: string): Promise<EnvironmentsView> {
  const pointers = await ctx.store.getEnvironments(flowId);
  return {
    staging: pointers.find((p) => p.name === 'staging') ?? null,
    production: pointers.find((p) => p.name === 'production') ?? null,
  };
}

/** The list shown on the designer's home page (archived flows left out); the name is the draft's, as editors see it. */
export async function listFlows(ctx: ServiceContext): Promise<FlowListItem[]> {
  const records = (await ctx.store.listFlows()).filter((flow) => !flow.archivedAt);
  const items = await Promise.all(
    records.map(async (flow): Promise<FlowListItem> => {
      const [draft, versions, environments] = await Promise.all([ctx.store.getDraft(flow.id), ctx.store.listVersions(flow.id), getEnvironments(ctx, flow.id)]);
      return {
        id: flow.id,
        name: draft?.document.name ?? flow.name,
        updatedAt: draft?.updatedAt ?? flow.updatedAt,
        draftRevision: draft?.revision ?? 0,
        latestVersion: versions.reduce<number | null>((max, v) => (max === null || v.number > max ? v.number : max), null),
        environments: { staging: environments.staging?.version ?? null, production: environments.production?.version ?? null },
        ...(draft?.document.settings.folder ? { folder: draft.document.settings.folder } : {}),
      };
    }),
  );
  return items.sort((a, b) => a.name.localeCompare(b.name));
}

export async function getFlowDetail(ctx: ServiceContext, id: string): Promise<FlowDetail> {
  const flow = await requireFlow(ctx, id);
  const [draft, versions, environments, lintContext] = await Promise.all([requireDraft(ctx, id), listVersions(ctx, id), getEnvironments(ctx, id), flowLintContext(ctx, id)]);
  const newest = versions.slice(-DETAIL_VERSIONS);
  return { flow, draft, versions: newest, olderVersions: newest.length < versions.length, environments, lint: lintFlow(draft.document, lintContext) };
}

export async function listVersions(ctx: ServiceContext, flowId: string): Promise<FlowVersionSummary[]> {
  const versions = await ctx.store.listVersions(flowId);
  return [...versions].sort((a, b) => a.number - b.number);
}

/** The document a source names, with the version number (null for the draft). */
export async function resolveDocument(ctx: ServiceContext, flowId: string, source: DocumentSource): Promise<{ document: Flow; version: number | null; hash: string }> {
  if (source === 'draft') {
    const draft = await requireDraft(ctx, flowId);
    return { document: draft.document, version: null, hash: draft.hash };
  }
  let number: number;
  if (typeof source === 'object') number = source.version;
  else {
    await requireFlow(ctx, flowId);
    const pointer = await ctx.store.getEnvironment(flowId, source);
    if (!pointer) throw notFound('environment_empty', `flow ${flowId} has no version in ${source}`, { context: { flowId }, params: { environment: source } });
    number = pointer.version;
  }
  const version = await requireVersion(ctx, flowId, number);
  return { document: version.document, version: version.number, hash: version.hash };
}
