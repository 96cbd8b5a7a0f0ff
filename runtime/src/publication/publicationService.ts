import type { ServiceContext } from '../context.ts';
import { requestPublication } from './requestPublication.ts';
import { approvePublication, type ApprovalRules } from './approvePublication.ts';
import { closePublication } from './decidePublication.ts';
import { getPublicationRequest, listPublicationRequests } from './publicationQueries.ts';

function bind<A extends unknown[], T>(ctx: ServiceContext, fn: (ctx: ServiceContext, ...args: A) => T): (...args: A) => T {
  return (...args) => fn(ctx, ...args);
}

/**
 * Editors' requests that a publisher publish their draft: ask, list, open, approve (publishes
 * and promotes through the ordinary paths), refuse or withdraw. One function per file.
 */
export function createPublicationService(ctx: ServiceContext, rules: ApprovalRules) {
  return {
    request: bind(ctx, requestPublication),
    list: bind(ctx, listPublicationRequests),
    get: bind(ctx, getPublicationRequest),
    approve: (actor: Parameters<typeof approvePublication>[1], flowId: string, id: string) => approvePublication(ctx, actor, flowId, id, rules),
    close: bind(ctx, closePublication),
  };
}
export type PublicationService = ReturnType<typeof createPublicationService>;
