import { Router } from 'express';
import type { PublicationService } from '../publication/publicationService.ts';
import { routeDefiner } from './defineRoute.ts';
import type { ApiRegistry } from './openapi/apiRegistry.ts';
import { PublicationAskBody, PublicationListQuery, PublicationRefuseBody, PublicationRequestDetailSchema, PublicationRequestListSchema } from './schemas/publicationSchemas.ts';

const TAG = 'publication requests';
const REQUEST = '/api/flows/{id}/publication-requests/{requestId}';

/**
 * Asking a publisher to publish a draft, and their answer. Editors ask and withdraw; publishers
 * approve (which publishes and promotes as they would by hand) or refuse; anyone who may read
 * the flow sees the requests.
 */
export function createPublicationRoutes(publication: PublicationService, registry: ApiRegistry): Router {
  const router = Router();
  const route = routeDefiner(router, registry);

  route(
    {
      method: 'get',
      path: '/api/publication-requests',
      operationId: 'listPublicationRequests',
      summary: 'Requests to publish, newest first (100 at most): all flows, only open ones (`open=true`), or only the caller’s (`mine=true`)',
      tag: TAG,
      access: ['viewer'],
      query: PublicationListQuery,
      response: PublicationRequestListSchema,
    },
    ({ principal, query }) => publication.list({ open: query.open, ...(query.mine ? { by: principal.username } : {}) }),
  );

  route(
    {
      method: 'get',
      path: '/api/flows/{id}/publication-requests',
      operationId: 'listFlowPublicationRequests',
      summary: 'A flow’s requests to publish, newest first',
      tag: TAG,
      access: ['viewer'],
      query: PublicationListQuery,
      response: PublicationRequestListSchema,
      errors: [404],
    },
    ({ principal, params, query }) => publication.list({ flowId: params.id!, open: query.open, ...(query.mine ? { by: principal.username } : {}) }),
  );

  route(
    {
      method: 'post',
      path: '/api/flows/{id}/publication-requests',
      operationId: 'requestPublication',
      summary:
        'Ask a publisher to publish the draft at `revision` and take it to `targets` (409 `stale_revision` when the draft moved on, 422 `lint_errors`, 409 `publication_in_progress` while one is being approved); supersedes the flow’s pending requests',
      tag: TAG,
      access: ['editor', 'publisher'],
      body: PublicationAskBody,
      status: 201,
      response: PublicationRequestDetailSchema,
      errors: [404, 409, 422],
    },
    ({ principal, params, body }) => publication.request(principal, params.id!, body),
  );

  route(
    {
      method: 'get',
      path: REQUEST,
      operationId: 'getPublicationRequest',
      summary: 'A request to publish, with the lint and the tests of the requested draft',
      tag: TAG,
      access: ['viewer'],
      response: PublicationRequestDetailSchema,
      errors: [404],
    },
    ({ params }) => publication.get(params.id!, params.requestId!),
  );

  route(
    {
      method: 'post',
      path: `${REQUEST}/approve`,
      operationId: 'approvePublicationRequest',
      summary:
        'Publish exactly the requested draft revision and promote it to the targets, with every check of a publish and a promotion. 403 `own_publication_request` for its author (unless GRIOT_PUBLICATION_SELF_APPROVAL), 409 `publication_request_outdated`, `publication_request_closed` or `publication_in_progress`; approving an approved request answers it again',
      tag: TAG,
      access: ['publisher'],
      response: PublicationRequestDetailSchema,
      errors: [403, 404, 409, 422],
    },
    ({ principal, params }) => publication.approve(principal, params.id!, params.requestId!),
  );

  route(
    {
      method: 'post',
      path: `${REQUEST}/refuse`,
      operationId: 'refusePublicationRequest',
      summary: 'Refuse a pending request, saying why (409 `publication_request_closed` once decided)',
      tag: TAG,
      access: ['publisher'],
      body: PublicationRefuseBody,
      response: PublicationRequestDetailSchema,
      errors: [404, 409],
    },
    ({ principal, params, body }) => publication.close(principal, params.id!, params.requestId!, { status: 'refused', reason: body.reason }),
  );

  route(
    {
      method: 'post',
      path: `${REQUEST}/withdraw`,
      operationId: 'withdrawPublicationRequest',
      summary: 'Withdraw one’s own pending request (403 `not_your_publication_request` for someone else’s)',
      tag: TAG,
      access: ['editor', 'publisher'],
      response: PublicationRequestDetailSchema,
      errors: [403, 404, 409],
    },
    ({ principal, params }) => publication.close(principal, params.id!, params.requestId!, { status: 'withdrawn' }),
  );
  return router;
}
