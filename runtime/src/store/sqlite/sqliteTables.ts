import type Database from 'better-sqlite3';
import { createFlowTable } from './flowTable.ts';
import { createVersionTable } from './versionTable.ts';
import { createEnvironmentTable } from './environmentTable.ts';
import { createBindingTable } from './bindingTable.ts';
import { createSessionTable } from './sessionTable.ts';
import { createCallerTable } from './callerTable.ts';
import { createCallerLinkTable } from './callerLinkTable.ts';
import { createTranscriptTable } from './transcriptTable.ts';
import { createAuditTable } from './auditTable.ts';
import { createUserTables } from './userTables.ts';
import { createHandoffTables } from './handoffTables.ts';
import { createAgentPresenceTable } from './agentPresenceTable.ts';
import { createThrottleTable } from './throttleTable.ts';
import { createFlowArchive } from './flowArchive.ts';
import { createReadinessTable } from './readinessTable.ts';
import { createMessagingTables } from './messagingTables.ts';
import { createContinuationTable } from './continuationTable.ts';
import { createAnalyticsTables } from './analyticsTables.ts';
import { createChannelStateTable } from './channelStateTable.ts';
import { createAudioTable } from './audioTable.ts';
import { createClusterTables } from './clusterTables.ts';
import { createEntryRead } from './entryRead.ts';
import { createPublicationTable } from './publicationTable.ts';

/** Every table with its statements, prepared once when the store opens. */
export function createSqliteTables(db: Database.Database) {
  const flows = createFlowTable(db);
  const environments = createEnvironmentTable(db);
  const bindings = createBindingTable(db);
  const callers = createCallerTable(db);
  return {
    flows,
    archive: createFlowArchive(db, flows, environments, bindings),
    versions: createVersionTable(db),
    environments,
    bindings,
    readEntry: createEntryRead(db),
    sessions: createSessionTable(db),
    callers,
    callerLinks: createCallerLinkTable(db, callers),
    transcripts: createTranscriptTable(db),
    audit: createAuditTable(db),
    users: createUserTables(db),
    handoff: createHandoffTables(db),
    presence: createAgentPresenceTable(db),
    throttle: createThrottleTable(db),
    readiness: createReadinessTable(db),
    messaging: createMessagingTables(db),
    continuations: createContinuationTable(db),
    analytics: createAnalyticsTables(db),
    channelStates: createChannelStateTable(db),
    audio: createAudioTable(db),
    cluster: createClusterTables(db),
    publication: createPublicationTable(db),
  };
}

export type SqliteTables = ReturnType<typeof createSqliteTables>;
