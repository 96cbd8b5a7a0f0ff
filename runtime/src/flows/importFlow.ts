import { contentHash, CURRENT_SCHEMA_VERSION, stampSavedSourceEdits, type Flow } from '@griot/flows';
import type { Actor, ServiceContext } from '../context.ts';
import type { EnvironmentName, FlowVersion } from '../store/types.ts';
import { conflict, GriotError, invalid } from '../errors.ts';
import { readFlowDocument } from './readFlowDocument.ts';
import { promoteVersion, type Promoter } from './promoteVersion.ts';
import type { FlowExportInput } from './flowExport.ts';
import { MAX_VERSIONS_PER_FLOW, versionsFull } from './publishDraft.ts';
import { DEFAULT_MAX_FLOWS, withFlowSlot } from './flowQuota.ts';
import { withQuotaLock } from '../cluster/quotaLock.ts';
import { documentNamesHoldDirectionControl, refuseDirectionControls, refuseDocumentDirectionControls } from '../refuseDirectionControls.ts';

export interface ImportOptions {
  /** Overwrite the draft of an existing flow and add the versions it lacks. */
  replace: boolean;
  /** Whether the importer may point production (publisher or admin); staging needs editor, as import does. */
  mayPromoteProduction: boolean;
  /** Flows the store may hold (GRIOT_MAX_FLOWS): importing a new flow past it is refused (409 `flows_full`). */
  maxFlows?: number;
}

export interface ImportResult {
  flowId: string;
  created: boolean;
  draft: { revision: number; hash: string; changed: boolean };
  versions: { added: number[]; existing: number[] };
  environments: { applied: Array<{ environment: EnvironmentName; version: number }>; skipped: Array<{ environment: EnvironmentName; version: number; reason: string }> };
}

/**
 * Versions are immutable: a hash that does not match its document means the file was altered.
 * The file's author, date and message are claims anyone can write ("approved by the publisher"):
 * the version is the importer's, made now, and the claims are kept as `importedFrom` (the file's
 * own `importedFrom` when it has one: a flow exported after an import keeps its first origin).
 */
function readVersion(v: FlowExportInput['versions'][number], index: number, flowId: string, actor: Actor, at: string): FlowVersion {
  const field = `versions.${index}`;
  const { document, hash } = readFlowDocument(v.document, `${field}.document`);
  if (document.id !== flowId) throw invalid('flow_id_mismatch', `${field}.document.id is ${document.id}, not ${flowId}`, { field: `${field}.document.id`, params: { documentId: document.id } });
  const rawSchema = (v.document as { schemaVersion?: unknown }).schemaVersion;
  // A document written by an older Griot is migrated on the way in, which changes its hash.
  if (hash !== v.hash && rawSchema === CURRENT_SCHEMA_VERSION) {
    throw invalid('hash_mismatch', `version ${v.number}'s document does not match its hash ${v.hash}`, { field: `${field}.hash`, params: { version: v.number } });
  }
  return {
    flowId,
    number: v.number,
    hash,
    document,
    author: actor.username,
    message: '',
    createdAt: at,
    // Exported after an earlier import: its first origin is the one worth keeping, not the importer who passed it on.
    importedFrom: v.importedFrom
      ? { author: v.importedFrom.author, createdAt: v.importedFrom.createdAt, message: v.importedFrom.message }
      : { author: v.author, createdAt: v.createdAt, message: v.message },
    ...(v.label ? { label: v.label } : {}),
  };
}

/**
 * Loads an exported flow (from git, another installation, a colleague). Checks everything
 * before writing anything; environment pointers are applied through the ordinary promotion,
 * so production still requires passing tests and the publisher role.
 */
export async function importFlow(ctx: ServiceContext, actor: Promoter, input: FlowExportInput, options: ImportOptions): Promise<ImportResult> {
  const flowId = input.flow.id;
  // Counted before any document is read: reading 35,000 of them took seconds of the event loop.
  if (input.versions.length > MAX_VERSIONS_PER_FLOW) throw versionsFull(flowId);
  const draftDoc: { document: Flow; hash: string } = readFlowDocument(input.draft.document, 'draft.document');
  if (draftDoc.document.id !== flowId) {
    throw invalid('flow_id_mismatch', `draft.document.id is ${draftDoc.document.id}, not ${flowId}`, { field: 'draft.document.id', params: { documentId: draftDoc.document.id } });
  }
  const at = ctx.now();
  const versions = input.versions.map((v, i) => readVersion(v, i, flowId, actor, at));
  const numbers = new Set<number>();
  versions.forEach((v, i) => {
    if (numbers.has(v.number)) throw invalid('duplicate_version', `version ${v.number} appears twice`, { field: `versions.${i}.number`, params: { version: v.number } });
    numbers.add(v.number);
  });

  const existing = await ctx.store.getFlow(flowId);
  if (existing?.archivedAt) {
    // Replacing would bring an archived flow back behind the admin's back.
    throw conflict('flow_archived', `flow ${flowId} was archived on ${existing.archivedAt}: an admin restores it first (POST /api/archived-flows/${flowId}/restore)`, {
      context: { flowId },
      params: { archivedAt: existing.archivedAt ?? null },
    });
  }
  if (existing && !options.replace) {
    throw conflict('flow_exists', `flow ${flowId} exists: import with ?replace=true to update its draft and add missing versions`, { context: { flowId } });
  }
  // The name every list shows: a file exported before Griot refused such names still replaces its own flow.
  refuseDirectionControls(draftDoc.document.name, 'draft.document.name', existing?.name);
  // Its folder and queues likewise: those the draft it replaces already held are kept.
  refuseDocumentDirectionControls(draftDoc.document, 'draft.document', existing ? (await ctx.store.getDraft(flowId))?.document : null);
  // From the count of versions held to the last one written, one unit (here and for every instance
  // on the store): two imports at once never take the flow past MAX_VERSIONS_PER_FLOW together.
  const { added, draft, kept } = await withQuotaLock(ctx.store.leases, `versions:${flowId}`, async () => {
    const local = new Map((existing ? await ctx.store.listVersions(flowId) : []).map((v) => [v.number, v]));
    versions.forEach((v, i) => {
      const mine = local.get(v.number);
      if (mine && mine.hash !== v.hash) {
        throw conflict('version_conflict', `version ${v.number} here differs from the file's (${mine.hash} ≠ ${v.hash})`, {
          field: `versions.${i}`,
          context: { flowId },
          params: { version: v.number },
        });
      }
    });

    // A label the file gives a version this flow lacks is a new name in the version history, as if typed there;
    // its folder and handoff queues are names others read as the draft's are (a version staging or production runs
    // puts its queues on every agent's screen), kept when the flow's stored draft or one of its versions held them.
    // The stored documents are read only when an imported version holds such a name (files exported before Griot refused them).
    const fresh = versions.flatMap((v, i) => (local.has(v.number) ? [] : [{ v, i }]));
    let stored: Flow[] = [];
    if (existing && fresh.some(({ v }) => documentNamesHoldDirectionControl(v.document))) {
      const documents = await Promise.all([ctx.store.getDraft(flowId), ...[...local.keys()].map((n) => ctx.store.getVersion(flowId, n))]);
      stored = documents.flatMap((d) => (d ? [d.document] : []));
    }
    for (const { v, i } of fresh) {
      refuseDirectionControls(v.label, `versions.${i}.label`);
      refuseDocumentDirectionControls(v.document, `versions.${i}.document`, stored, { version: v.number });
    }

    if (local.size + versions.filter((v) => !local.has(v.number)).length > MAX_VERSIONS_PER_FLOW) throw versionsFull(flowId);

    let draft = { revision: 1, hash: draftDoc.hash, changed: true };
    if (!existing) {
      // The flow is the importer's, created now; what the file says of its creation is kept as its claim, as for versions.
      // A file exported after an earlier import names its first origin: that one is kept.
      const { createdAt: claimedAt, createdBy: claimedBy } = input.flow.importedFrom && Object.keys(input.flow.importedFrom).length > 0 ? input.flow.importedFrom : input.flow;
      const importedFrom = { ...(claimedAt !== undefined ? { createdAt: claimedAt } : {}), ...(claimedBy !== undefined ? { createdBy: claimedBy } : {}) };
      await withFlowSlot(ctx, options.maxFlows ?? DEFAULT_MAX_FLOWS, flowId, () =>
        ctx.store.createFlow(
          { id: flowId, name: draftDoc.document.name, createdAt: at, createdBy: actor.username, updatedAt: at, ...(Object.keys(importedFrom).length > 0 ? { importedFrom } : {}) },
          { flowId, revision: 1, document: draftDoc.document, hash: draftDoc.hash, updatedAt: at, updatedBy: actor.username },
        ),
      );
    } else {
      const current = await ctx.store.getDraft(flowId);
      if (current && current.hash === draftDoc.hash) draft = { revision: current.revision, hash: current.hash, changed: false };
      else {
        // The file's French texts replace this draft's: translations made from the old ones go to review.
        const document = stampSavedSourceEdits(current?.document, draftDoc.document);
        if (document !== draftDoc.document) Object.assign(draftDoc, { document, hash: contentHash(document) });
        const saved = await ctx.store.saveDraft(flowId, current?.revision ?? 0, draftDoc.document, draftDoc.hash, actor.username, at);
        if (!saved.ok) throw conflict('stale_revision', 'the draft changed while importing; try again', { context: { flowId } });
        draft = { revision: saved.draft.revision, hash: saved.draft.hash, changed: true };
      }
    }
    const added: number[] = [];
    for (const v of versions.filter((v) => !local.has(v.number)).sort((a, b) => a.number - b.number)) {
      await ctx.store.putVersion(v);
      added.push(v.number);
    }
    return { added, draft, kept: versions.filter((v) => local.has(v.number)).map((v) => v.number) };
  });
  await ctx.audit.record({
    actor: actor.username,
    action: 'flow.import',
    target: `flow:${flowId}`,
    hashAfter: draftDoc.hash,
    details: { created: !existing, versionsAdded: added, draftRevision: draft.revision },
  });

  const environments: ImportResult['environments'] = { applied: [], skipped: [] };
  for (const name of ['staging', 'production'] as const) {
    const wanted = input.environments[name]?.version;
    if (wanted === undefined) continue;
    if (name === 'production' && !options.mayPromoteProduction) {
      environments.skipped.push({ environment: name, version: wanted, reason: 'promoting to production needs the publisher role' });
      continue;
    }
    try {
      const result = await promoteVersion(ctx, actor, flowId, name, wanted);
      if (result.changed) environments.applied.push({ environment: name, version: wanted });
    } catch (error) {
      if (!(error instanceof GriotError) || error.errorClass !== 'badInput') throw error;
      environments.skipped.push({ environment: name, version: wanted, reason: error.message });
    }
  }
  return { flowId, created: !existing, draft, versions: { added, existing: kept }, environments };
}
