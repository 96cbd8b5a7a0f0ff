import { Router } from 'express';
import { z } from 'zod';
import type { FlowService } from '../flows/flowService.ts';
import { FlowExportInput } from '../flows/flowExport.ts';
import { rolesAllow } from '../auth/roles.ts';
import { invalid } from '../errors.ts';
import { routeDefiner } from './defineRoute.ts';
import type { ApiRegistry } from './openapi/apiRegistry.ts';
import {
  ArchivedFlowSchema,
  CreateFlowBody,
  CreatedFlowSchema,
  DeleteFlowBody,
  DiffQuery,
  DraftView,
  DuplicateFlowBody,
  DuplicatedFlowSchema,
  FlowDetailSchema,
  FlowDiffSchema,
  FlowExportSchema,
  FlowListSchema,
  ImportQuery,
  ImportResultSchema,
  PublishBody,
  RunTestsBody,
  SaveDraftBody,
  SavedDraftSchema,
  TestReportSchema,
  VersionLabelBody,
  VersionSchema,
  VersionSummarySchema,
} from './schemas/flowSchemas.ts';

const TAG = 'flows';

const SharedQueuesSchema = z.object({
  shared: z.array(
    z.object({
      nodeId: z.string(),
      queue: z.string().describe('a name the node hands over to (a template spelled out with the flow’s languages, channels, variable values)'),
      flows: z.array(z.object({ id: z.string(), name: z.string() })).describe('the other live flows handing over to it (at most 10 named)'),
    }),
  ),
});
/** A flow document, or an export with every version of it: far larger than any other body. */
const FLOW_DOCUMENT_LIMIT = '20mb';

const versionParam = (value: string | undefined) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw invalid('invalid_version', `version must be a positive whole number, not ${value}`, { field: 'n', params: { value: String(value) } });
  return n;
};

/** A page of a flow's versions (`GET /api/flows/{id}/versions`): a flow keeps up to 2,000. */
const VersionsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100).describe('how many versions, the newest first chosen (100 unless asked, at most 500)'),
  before: z.coerce.number().int().min(1).optional().describe('only versions numbered below this one: the first number of the page before, for the older page'),
});

/** Flows, drafts, versions, diff, tests, import and export (docs/api.md, "Flows, drafts, versions"). */
export function createFlowRoutes(flows: FlowService, registry: ApiRegistry): Router {
  const router = Router();
  const route = routeDefiner(router, registry);

  route(
    {
      method: 'get',
      path: '/api/flows',
      operationId: 'listFlows',
      summary: 'List flows with their draft revision, latest version and environments',
      tag: TAG,
      access: ['viewer'],
      response: FlowListSchema,
    },
    () => flows.list(),
  );

  route(
    {
      method: 'post',
      path: '/api/flows',
      operationId: 'createFlow',
      summary: 'Create a flow from a document',
      tag: TAG,
      access: ['editor'],
      body: CreateFlowBody,
      bodyLimit: FLOW_DOCUMENT_LIMIT,
      status: 201,
      response: CreatedFlowSchema,
      errors: [409],
    },
    ({ principal, body }) => flows.create(principal, body.document),
  );

  route(
    {
      method: 'post',
      path: '/api/flows/import',
      operationId: 'importFlow',
      summary: 'Import an exported flow (?replace=true updates an existing one)',
      tag: TAG,
      access: ['editor'],
      body: FlowExportInput,
      bodyLimit: FLOW_DOCUMENT_LIMIT,
      query: ImportQuery,
      status: 201,
      response: ImportResultSchema,
      errors: [409],
    },
    ({ principal, body, query }) => flows.import(principal, body, { replace: query.replace, mayPromoteProduction: rolesAllow(principal.roles, ['publisher']) }),
  );

  route(
    {
      method: 'get',
      path: '/api/flows/{id}',
      operationId: 'getFlow',
      summary: 'A flow with its draft, its newest 100 versions (olderVersions: more in the paged listing), environments and lint',
      tag: TAG,
      access: ['viewer'],
      response: FlowDetailSchema,
      errors: [404],
    },
    ({ params }) => flows.get(params.id!),
  );

  route(
    {
      method: 'delete',
      path: '/api/flows/{id}',
      operationId: 'deleteFlow',
      tag: TAG,
      summary:
        "Archive a flow (an admin can restore it for GRIOT_ARCHIVE_DAYS); confirm with the flow's name. 409 `flow_in_use` while an environment or binding routes to it; a flow that ran in production needs publisher",
      access: ['editor', 'publisher'],
      body: DeleteFlowBody,
      response: ArchivedFlowSchema,
      errors: [404, 409],
    },
    ({ principal, params, body }) => flows.archive(principal, params.id!, body.confirm),
  );

  route(
    {
      method: 'post',
      path: '/api/flows/{id}/duplicate',
      operationId: 'duplicateFlow',
      summary: 'A new flow from the draft or a version, with the recordings its prompts play and its test cases (never versions, environments, bindings or tester numbers), written as one unit',
      tag: TAG,
      // Creating a flow needs editor, and an editor reads every flow: nothing more is needed, nor less.
      access: ['editor'],
      body: DuplicateFlowBody,
      status: 201,
      response: DuplicatedFlowSchema,
      errors: [404, 409],
    },
    ({ principal, params, body }) => flows.duplicate(principal, params.id!, body),
  );

  route(
    {
      method: 'get',
      path: '/api/flows/{id}/export',
      operationId: 'exportFlow',
      summary: 'The flow with its versions and environments, as one file',
      tag: TAG,
      access: ['viewer'],
      response: FlowExportSchema,
      errors: [404],
    },
    async ({ params, res }) => {
      // Named after the stored flow's id (an identifier: ASCII, no quotes), never the raw URL
      // segment, which may hold characters a header cannot carry.
      const exported = await flows.export(params.id!);
      res.setHeader('Content-Disposition', `attachment; filename="${exported.flow.id}.griot.json"`);
      return exported;
    },
  );

  route(
    { method: 'get', path: '/api/flows/{id}/draft', operationId: 'getDraft', summary: 'The draft with its revision, hash and lint', tag: TAG, access: ['viewer'], response: DraftView, errors: [404] },
    async ({ params }) => {
      const draft = await flows.getDraft(params.id!);
      return { ...draft, lint: await flows.lint(params.id!, draft.document) };
    },
  );

  route(
    {
      method: 'get',
      path: '/api/flows/{id}/shared-queues',
      operationId: 'getSharedQueues',
      summary: 'The queues this draft’s handoff nodes hand over to that other live flows hand over to too, with those flows’ names',
      tag: TAG,
      access: ['viewer'],
      response: SharedQueuesSchema,
      errors: [404],
    },
    async ({ params }) => ({ shared: await flows.sharedQueues(params.id!) }),
  );

  route(
    {
      method: 'put',
      path: '/api/flows/{id}/draft',
      operationId: 'saveDraft',
      summary: 'Save the draft over the revision you loaded (409 with the current draft when stale)',
      tag: TAG,
      access: ['editor'],
      body: SaveDraftBody,
      bodyLimit: FLOW_DOCUMENT_LIMIT,
      response: SavedDraftSchema,
      errors: [404, 409],
    },
    ({ principal, params, body }) => flows.saveDraft(principal, params.id!, body.revision, body.document),
  );

  route(
    {
      method: 'post',
      path: '/api/flows/{id}/publish',
      operationId: 'publishFlow',
      summary: 'Publish the draft as the next version (422 with the issues on lint errors)',
      tag: TAG,
      access: ['editor'],
      body: PublishBody,
      status: 201,
      response: VersionSummarySchema,
      errors: [404, 409, 422],
    },
    ({ principal, params, body }) => flows.publish(principal, params.id!, body),
  );

  route(
    {
      method: 'get',
      path: '/api/flows/{id}/versions',
      operationId: 'listVersions',
      summary:
        'Published versions, a page at a time: the newest `limit` (100 unless asked, at most 500) below version `before` (absent: the latest), oldest first within the page; the older page with `before` = the first number of this one, also given as a `Link: <…>; rel="next"` header while there are older ones',
      tag: TAG,
      access: ['viewer'],
      query: VersionsQuery,
      response: z.array(VersionSummarySchema),
      errors: [400, 404],
    },
    async ({ params, query, req, res }) => {
      const [versions] = await Promise.all([flows.listVersions(params.id!), flows.getDraft(params.id!)]); // 404 for an unknown or archived flow
      const below = query.before === undefined ? versions : versions.filter((v) => v.number < query.before!);
      const page = below.slice(Math.max(0, below.length - query.limit));
      if (page.length < below.length) {
        const next = new URLSearchParams({ before: String(page[0]!.number), limit: String(query.limit) });
        res.set('link', `<${req.baseUrl}${req.path}?${next}>; rel="next"`);
      }
      return page;
    },
  );

  route(
    { method: 'get', path: '/api/flows/{id}/versions/{n}', operationId: 'getVersion', summary: 'One version with its document', tag: TAG, access: ['viewer'], response: VersionSchema, errors: [404] },
    ({ params }) => flows.getVersion(params.id!, versionParam(params.n)),
  );

  route(
    {
      method: 'put',
      path: '/api/flows/{id}/versions/{n}/label',
      operationId: 'labelVersion',
      summary: 'Name a published version ("Ramadan 2027"), or remove its name',
      tag: TAG,
      access: ['editor', 'publisher'],
      body: VersionLabelBody,
      response: VersionSummarySchema,
      errors: [404],
    },
    ({ principal, params, body }) => flows.labelVersion(principal, params.id!, versionParam(params.n), body.label),
  );

  route(
    {
      method: 'get',
      path: '/api/flows/{id}/diff',
      operationId: 'diffFlow',
      summary: 'What changed from one version to another (to=draft by default)',
      tag: TAG,
      access: ['viewer'],
      query: DiffQuery,
      response: FlowDiffSchema,
      errors: [404],
    },
    ({ params, query }) => flows.diff(params.id!, query.from, query.to),
  );

  route(
    {
      method: 'post',
      path: '/api/flows/{id}/tests/run',
      operationId: 'runFlowTests',
      summary: "Run a version's (or the draft's) test cases",
      tag: TAG,
      access: ['tester'],
      body: RunTestsBody,
      response: TestReportSchema,
      errors: [404],
    },
    ({ params, body }) => flows.runTests(params.id!, body.version),
  );
  return router;
}
