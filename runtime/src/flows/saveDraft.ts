import { contentHash, lintFlow, stampSavedSourceEdits, type Flow, type LintIssue } from '@griot/flows';
import type { Actor, ServiceContext } from '../context.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import type { Draft } from '../store/types.ts';
import { readFlowDocument } from './readFlowDocument.ts';
import { requireFlow } from './flowQueries.ts';
import { flowLintContext } from './flowLintContext.ts';
import { refuseDirectionControls, refuseDocumentDirectionControls } from '../refuseDirectionControls.ts';

export interface SavedDraft {
  revision: number;
  hash: string;
  lint: LintIssue[];
  /**
   * The document as stored, when the save stamped translations the editor had not (a French text
   * changed beside translations not stamped yet): the editor takes it, or its next save of its own
   * copy would drop the stamps. Absent when stored as sent.
   */
  document?: Flow;
}

/** The current draft, as a 409 answer shows it so the editor can merge or reload. */
export const draftForConflict = (d: Draft) => ({ revision: d.revision, document: d.document, hash: d.hash, updatedBy: d.updatedBy, updatedAt: d.updatedAt });

/**
 * Saves a draft over the revision the editor loaded. Someone else saved meanwhile → 409 with
 * their draft, never a silent overwrite. Lint problems do not block saving, only publishing.
 */
export async function saveDraft(ctx: ServiceContext, actor: Actor, flowId: string, revision: number, input: unknown): Promise<SavedDraft> {
  const read = readFlowDocument(input);
  if (read.document.id !== flowId) {
    throw invalid('flow_id_mismatch', `document.id is ${read.document.id} but this is flow ${flowId}`, { field: 'document.id', context: { flowId }, params: { documentId: read.document.id } });
  }
  // When the save succeeds, the draft read here is exactly the one it replaced: any save in
  // between would have moved the revision and made the compare-and-set fail.
  const [, before] = await Promise.all([requireFlow(ctx, flowId), ctx.store.getDraft(flowId)]);
  refuseDirectionControls(read.document.name, 'document.name', before?.document.name);
  refuseDocumentDirectionControls(read.document, 'document', before?.document);
  // A French text changed through the API sends the translations made from the old one to review, as in the designer.
  const document = stampSavedSourceEdits(before?.document, read.document);
  const hash = document === read.document ? read.hash : contentHash(document);
  const result = await ctx.store.saveDraft(flowId, revision, document, hash, actor.username, ctx.now());
  if (!result.ok) {
    if (result.reason === 'notFound') throw notFound('flow_not_found', `no flow ${flowId}`, { context: { flowId } });
    throw conflict('stale_revision', `the draft is at revision ${result.current.revision} (saved by ${result.current.updatedBy}), not ${revision}`, {
      field: 'revision',
      params: { revision: result.current.revision, expected: revision, updatedBy: result.current.updatedBy ?? null },
      context: { flowId },
      body: { current: draftForConflict(result.current) },
    });
  }
  await ctx.audit.record({
    actor: actor.username,
    action: 'draft.save',
    target: `flow:${flowId}`,
    hashBefore: before?.hash,
    hashAfter: hash,
    details: { revision: result.draft.revision },
  });
  return { revision: result.draft.revision, hash, lint: lintFlow(document, await flowLintContext(ctx, flowId)), ...(document === read.document ? {} : { document }) };
}
