import { lintFlow, runTests, type LintIssue } from '@griot/flows';
import type { ServiceContext } from '../context.ts';
import type { PublicationRequest, PublicationRequestStatus } from '../store/types.ts';
import { notFound } from '../errors.ts';
import { getEnvironments, requireDraft, requireFlow } from '../flows/flowQueries.ts';
import { flowLintContext } from '../flows/flowLintContext.ts';

/** How many requests a list returns (the newest). */
export const PUBLICATION_LIST_LIMIT = 100;

/** A request as people see it: whether the draft moved on since, and the flow's name. */
export interface PublicationRequestView extends PublicationRequest {
  flowName: string;
  /** The draft was saved since the request (only said of open requests): approving it is refused. */
  outdated: boolean;
  /** The draft's revision now. */
  currentRevision: number | null;
}

/** A request opened by a publisher: the lint and the flow's own tests on the requested draft, and what runs where now. */
export interface PublicationRequestDetail extends PublicationRequestView {
  checks: {
    lint: LintIssue[];
    tests: { total: number; passed: number; failed: number; failures: { name: string; failures: string[] }[] };
  } | null;
  environments: { staging: number | null; production: number | null };
}

export const isOpen = (status: PublicationRequestStatus) => status === 'pending' || status === 'approving';

/** The request of this flow; 404 for an unknown id, or one that belongs to another flow. */
export async function requireRequest(ctx: ServiceContext, flowId: string, id: string): Promise<PublicationRequest> {
  await requireFlow(ctx, flowId);
  const request = await ctx.store.publicationRequests.getPublicationRequest(id);
  if (!request || request.flowId !== flowId) {
    throw notFound('publication_request_not_found', `flow ${flowId} has no request to publish ${id}`, { context: { flowId } });
  }
  return request;
}

async function views(ctx: ServiceContext, requests: PublicationRequest[]): Promise<PublicationRequestView[]> {
  const flows = new Map<string, { name: string; revision: number | null } | null>();
  for (const flowId of new Set(requests.map((r) => r.flowId))) {
    const [flow, draft] = await Promise.all([ctx.store.getFlow(flowId), ctx.store.getDraft(flowId)]);
    flows.set(flowId, flow && !flow.archivedAt ? { name: flow.name, revision: draft?.revision ?? null } : null);
  }
  // An archived flow's requests are gone with it for everyone but the admin who restores it.
  return requests.flatMap((request) => {
    const flow = flows.get(request.flowId);
    if (!flow) return [];
    return [{ ...request, flowName: flow.name, currentRevision: flow.revision, outdated: isOpen(request.status) && flow.revision !== request.draftRevision }];
  });
}

/** Requests newest first: a flow's, or everyone's open ones (`open`), or those one user made (`by`). */
export async function listPublicationRequests(ctx: ServiceContext, filter: { flowId?: string; open?: boolean; by?: string }): Promise<PublicationRequestView[]> {
  if (filter.flowId !== undefined) await requireFlow(ctx, filter.flowId);
  const store = ctx.store.publicationRequests;
  const base = {
    limit: PUBLICATION_LIST_LIMIT,
    ...(filter.flowId !== undefined ? { flowId: filter.flowId } : {}),
    // The store picks the user's own before the limit: another's hundred requests never hide them.
    ...(filter.by !== undefined ? { requestedBy: filter.by } : {}),
  };
  const requests = filter.open
    ? [...(await store.listPublicationRequests({ ...base, status: 'pending' })), ...(await store.listPublicationRequests({ ...base, status: 'approving' }))]
        .sort((a, b) => b.requestedAt.localeCompare(a.requestedAt) || b.id.localeCompare(a.id))
        .slice(0, PUBLICATION_LIST_LIMIT)
    : await store.listPublicationRequests(base);
  return views(ctx, requests);
}

/** One request with what a publisher checks before approving it. */
export async function getPublicationRequest(ctx: ServiceContext, flowId: string, id: string): Promise<PublicationRequestDetail> {
  const request = await requireRequest(ctx, flowId, id);
  const [[view], draft, environments] = await Promise.all([views(ctx, [request]), requireDraft(ctx, flowId), getEnvironments(ctx, flowId)]);
  if (!view) throw notFound('publication_request_not_found', `flow ${flowId} has no request to publish ${id}`, { context: { flowId } });
  // The checks are of the requested revision: once the draft moved on, there is nothing to check.
  let checks: PublicationRequestDetail['checks'] = null;
  if (isOpen(request.status) && draft.revision === request.draftRevision) {
    const report = runTests(draft.document);
    checks = {
      lint: lintFlow(draft.document, await flowLintContext(ctx, flowId)),
      tests: {
        total: report.cases.length,
        passed: report.passed,
        failed: report.failed,
        failures: report.cases.filter((c) => !c.passed).map((c) => ({ name: c.name, failures: c.failures })),
      },
    };
  }
  return { ...view, checks, environments: { staging: environments.staging?.version ?? null, production: environments.production?.version ?? null } };
}
