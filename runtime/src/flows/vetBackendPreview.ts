import type { ServiceContext } from '../context.ts';
import type { Role } from '../store/types.ts';
import { rolesAllow } from '../auth/roles.ts';
import { BadInputError, notFound } from '../errors.ts';
import { requireFlow, type DocumentSource } from './flowQueries.ts';
import { vettedVersions } from './vettedVersions.ts';

/** Who asks for a preview with the real backends: their name for the audit log, their roles for the rule. */
export interface BackendPreviewActor {
  username: string;
  roles: readonly Role[];
}

/** What a preview with the real backends may run, and how the audit log names it. */
export interface BackendPreviewRun {
  /** The source to start: a vetted environment is pinned to its version, so a promotion meanwhile cannot swap the content. */
  source: DocumentSource;
  /** `draft`, or the version number. */
  runs: 'draft' | number;
}

/**
 * Which content may send look-ups to the operator's real systems in a preview. The content
 * chooses what is asked (a hard-coded subscriber's number, a number the tester types), so the
 * test-number check alone does not stop an editor who writes `/subscribers/+229…` into a draft.
 * Editors publish themselves, and may point staging at a version that calls no backend: neither
 * is anyone else's review. Production is: only a publisher (or admin) puts a version there, once
 * its tests pass; and a version with a look-up reaches staging only through a publisher or admin
 * (promoteVersion.ts), who is recorded on the pointer. So:
 * - a publisher or admin may preview anything with the backends (they could put it in production);
 * - anyone else only a vetted version (vettedVersions.ts: production runs or ran it, or a publisher
 *   or admin put it in staging), whichever way it is named (production, staging or the number);
 *   drafts and other versions use mock answers.
 * Refusals are audited as `preview.backendRefused` and answered 403 `preview_not_vetted`.
 */
export async function vetBackendPreview(ctx: ServiceContext, actor: BackendPreviewActor, flowId: string, source: DocumentSource): Promise<BackendPreviewRun> {
  await requireFlow(ctx, flowId);
  let version: number | null = null;
  if (typeof source === 'object') version = source.version;
  else if (source !== 'draft') {
    const pointer = await ctx.store.getEnvironment(flowId, source);
    if (!pointer) throw notFound('flow_not_runnable', `flow ${flowId} has no version in ${source}`, { field: 'source', context: { flowId }, params: { source } });
    version = pointer.version;
  }
  const runs = version ?? 'draft';
  if (rolesAllow(actor.roles, ['publisher'])) return { source, runs };
  if (version !== null && (await vettedVersions(ctx, flowId)).has(version)) return { source: { version }, runs };
  await ctx.audit.record({ actor: actor.username, action: 'preview.backendRefused', target: `flow:${flowId}`, details: { reason: 'notVetted', runs } });
  const what = version === null ? 'the draft' : `version ${version}`;
  throw new BadInputError(
    'forbidden',
    'preview_not_vetted',
    `${what} was not vetted: a preview calls the real backends only with a version a publisher or admin put in production or staging (now or before), unless a publisher or admin runs it; use mock answers, or ask a publisher`,
    { field: 'source', context: { flowId }, params: { version, required: ['publisher'] } },
  );
}
