import { lintFlow, type Flow } from '@griot/flows';
import type { ServiceContext } from '../context.ts';
import { createFlow } from './createFlow.ts';
import { archiveFlow } from './archiveFlow.ts';
import { listArchivedFlows, purgeArchivedFlows, restoreArchivedFlow } from './flowArchive.ts';
import { clearEnvironment } from './clearEnvironment.ts';
import { saveDraft } from './saveDraft.ts';
import { publishDraft } from './publishDraft.ts';
import { labelVersion } from './labelVersion.ts';
import { promoteVersion } from './promoteVersion.ts';
import { rollbackProduction } from './rollbackProduction.ts';
import { diffFlow } from './diffFlow.ts';
import { runFlowTests } from './runFlowTests.ts';
import { vetBackendPreview } from './vetBackendPreview.ts';
import { exportFlow } from './flowExport.ts';
import { importFlow } from './importFlow.ts';
import { duplicateFlow, type DuplicateOptions } from './duplicateFlow.ts';
import { DEFAULT_MAX_FLOWS } from './flowQuota.ts';
import { getEnvironments, getFlowDetail, listFlows, listVersions, requireDraft, requireVersion, resolveDocument } from './flowQueries.ts';
import { flowLintContext } from './flowLintContext.ts';
import { sharedQueues } from './sharedQueues.ts';

function bind<A extends unknown[], T>(ctx: ServiceContext, fn: (ctx: ServiceContext, ...args: A) => T): (...args: A) => T {
  return (...args) => fn(ctx, ...args);
}

export interface FlowServiceOptions {
  /** Days an archived flow can be restored before the retention job purges it (GRIOT_ARCHIVE_DAYS). */
  archiveDays: number;
  /** Removes a purged flow's recorded prompts. */
  removeAudio?: (flowId: string) => Promise<void>;
  /** Flows the store may hold, archived ones included (GRIOT_MAX_FLOWS; default 500). */
  maxFlows?: number;
  /** The recorded prompts' quotas a copy of a flow is held to (AudioLibrary.withinQuota); none: no limit. */
  withinAudioQuota?: DuplicateOptions['withinAudioQuota'];
}

/**
 * The flow lifecycle (create, draft, publish, promote, roll back, import/export, archive) bound
 * to one store. Routes, the demo seeding and other services call these; each function lives in
 * its own file with the rules it enforces.
 */
export function createFlowService(ctx: ServiceContext, options: FlowServiceOptions = { archiveDays: 30 }) {
  return {
    list: bind(ctx, listFlows),
    get: bind(ctx, getFlowDetail),
    create: (actor: Parameters<typeof createFlow>[1], input: unknown) => createFlow(ctx, actor, input, { maxFlows: options.maxFlows ?? DEFAULT_MAX_FLOWS }),
    /** « Dupliquer »: a new flow from the draft or a version, with its recordings (duplicateFlow.ts). */
    duplicate: (actor: Parameters<typeof duplicateFlow>[1], sourceId: string, input: Parameters<typeof duplicateFlow>[3]) =>
      duplicateFlow(ctx, actor, sourceId, input, { maxFlows: options.maxFlows ?? DEFAULT_MAX_FLOWS, withinAudioQuota: options.withinAudioQuota ?? ((_flowId, _bytes, write) => write()) }),
    /** Deleting a flow archives it (see archiveFlow.ts for who may). */
    archive: (actor: Parameters<typeof archiveFlow>[1], flowId: string, confirm: string) => archiveFlow(ctx, actor, flowId, confirm, options),
    listArchived: () => listArchivedFlows(ctx, options),
    restore: bind(ctx, restoreArchivedFlow),
    purgeArchived: (now: Date) => purgeArchivedFlows(ctx, now, options),
    getDraft: bind(ctx, requireDraft),
    saveDraft: bind(ctx, saveDraft),
    publish: bind(ctx, publishDraft),
    listVersions: bind(ctx, listVersions),
    getVersion: bind(ctx, requireVersion),
    labelVersion: bind(ctx, labelVersion),
    diff: bind(ctx, diffFlow),
    runTests: bind(ctx, runFlowTests),
    environments: bind(ctx, getEnvironments),
    promote: bind(ctx, promoteVersion),
    rollback: bind(ctx, rollbackProduction),
    clearEnvironment: bind(ctx, clearEnvironment),
    export: bind(ctx, exportFlow),
    import: (actor: Parameters<typeof importFlow>[1], input: Parameters<typeof importFlow>[2], importOptions: Parameters<typeof importFlow>[3]) =>
      importFlow(ctx, actor, input, { ...importOptions, maxFlows: options.maxFlows ?? DEFAULT_MAX_FLOWS }),
    /** The document a preview or test should run: draft, an environment's version, or a number. */
    resolveDocument: bind(ctx, resolveDocument),
    /** What a preview with the real backends may run for this user (vetBackendPreview.ts), or 403. */
    vetBackendPreview: bind(ctx, vetBackendPreview),
    /** The lint of a flow's document with this server's rules (where secrets and requests may go) and the channels it is bound to. */
    lint: async (flowId: string, document: Flow) => lintFlow(document, await flowLintContext(ctx, flowId)),
    /** The queues its handoff nodes share with other live flows, and those flows' names. */
    sharedQueues: bind(ctx, sharedQueues),
  };
}
export type FlowService = ReturnType<typeof createFlowService>;
