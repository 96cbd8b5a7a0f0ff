import { audioNamesOf, hasErrors, lintFlow } from '@griot/flows';
import type { Actor, ServiceContext } from '../context.ts';
import type { FlowVersionSummary } from '../store/types.ts';
import { conflict, unprocessable } from '../errors.ts';
import { listVersions, requireDraft } from './flowQueries.ts';
import { withQuotaLock } from '../cluster/quotaLock.ts';
import { draftForConflict } from './saveDraft.ts';
import { flowLintContext } from './flowLintContext.ts';

export interface PublishRequest {
  message: string;
  /** The draft revision the editor reviewed; publishing a newer one by surprise is refused. */
  revision?: number | undefined;
  /** A name for the version ("Ramadan 2027"), editable later. */
  label?: string | undefined;
  /** An approval's publish: when the latest version already is this draft, that version (no second one). */
  once?: boolean;
}

/**
 * The most versions a flow keeps: its history is listed whole (`GET /api/flows/{id}/versions`,
 * the export), and two thousand publications are decades of a busy flow.
 */
export const MAX_VERSIONS_PER_FLOW = 2_000;

/** 409 `versions_full`: the flow holds MAX_VERSIONS_PER_FLOW versions already (or an import would take it past). */
export function versionsFull(flowId: string) {
  return conflict('versions_full', `a flow keeps at most ${MAX_VERSIONS_PER_FLOW.toLocaleString('en')} versions`, { context: { flowId }, params: { limit: MAX_VERSIONS_PER_FLOW } });
}

/**
 * Freezes the draft as the next numbered version, with its content hash, author and message.
 * Refused with 422 and the issues when lint finds errors; with 409 when nothing changed since
 * the last version or the draft moved past the reviewed revision.
 */
export async function publishDraft(ctx: ServiceContext, actor: Actor, flowId: string, request: PublishRequest): Promise<FlowVersionSummary> {
  const draft = await requireDraft(ctx, flowId);
  if (request.revision !== undefined && request.revision !== draft.revision) {
    throw conflict('stale_revision', `the draft is at revision ${draft.revision}, not ${request.revision}: review it again before publishing`, {
      field: 'revision',
      params: { revision: draft.revision, expected: request.revision },
      context: { flowId },
      body: { current: draftForConflict(draft) },
    });
  }
  const issues = lintFlow(draft.document, await flowLintContext(ctx, flowId));
  if (hasErrors(issues)) {
    const errors = issues.filter((i) => i.severity === 'error');
    throw unprocessable('lint_errors', `the draft has ${errors.length} error(s); fix them before publishing`, { context: { flowId }, body: { issues }, params: { count: errors.length } });
  }
  const versions = await listVersions(ctx, flowId);
  const latest = versions.at(-1);
  if (latest?.hash === draft.hash) {
    throw conflict('no_changes', `the draft is the same as version ${latest.number}`, { context: { flowId }, params: { version: latest.number } });
  }
  if (versions.length >= MAX_VERSIONS_PER_FLOW) throw versionsFull(flowId);
  // Its recordings are frozen before the version exists: an upload under one of their names from
  // now on is refused by the store (a new take goes under a new name), never half-way through.
  await ctx.store.audio.freezeAudio(flowId, [...audioNamesOf(draft.document)]);
  // The count and the insert are one unit (here and for every instance on the store): of N
  // publishes at once, those past the limit get versions_full.
  const added = await withQuotaLock(ctx.store.leases, `versions:${flowId}`, async () => {
    const held = await ctx.store.listVersions(flowId);
    // An approval's publish that another made already adds nothing: it gets that version.
    const madeAlready = request.once === true && held.at(-1)?.hash === draft.hash;
    if (held.length >= MAX_VERSIONS_PER_FLOW && !madeAlready) throw versionsFull(flowId);
    return ctx.store.addVersion(
      {
        flowId,
        hash: draft.hash,
        document: draft.document,
        author: actor.username,
        message: request.message,
        createdAt: ctx.now(),
        ...(request.label?.trim() ? { label: request.label.trim() } : {}),
      },
      { unlessLatest: request.once === true },
    );
  });
  const { existed, ...version } = added;
  if (existed) {
    const { document: _existing, ...existing } = version;
    return existing;
  }
  await ctx.audit.record({
    actor: actor.username,
    action: 'flow.publish',
    target: `flow:${flowId}`,
    hashBefore: latest?.hash,
    hashAfter: version.hash,
    details: { version: version.number, draftRevision: draft.revision, message: request.message, ...(version.label ? { label: version.label } : {}) },
  });
  const { document: _document, ...summary } = version;
  return summary;
}
