import type { z } from 'zod';
import { Flow } from '@griot/flows';
import { ErrorResponse } from './commonSchemas.ts';
import { PublicUserSchema } from './authSchemas.ts';
import {
  ArchivedFlowSchema,
  DraftSchema,
  EnvironmentPointerSchema,
  EnvironmentsSchema,
  FlowExportSchema,
  FlowRecordSchema,
  LintIssueSchema,
  VersionSchema,
  VersionSummarySchema,
  FlowDocumentInput,
} from './flowSchemas.ts';
import { AuditEntrySchema, BindingInput, BindingSchema, JsonValue } from './bindingSchemas.ts';
import {
  BoardContactSchema,
  CallbackRequestSchema,
  HandoffContactSchema,
  HandoffHistoryItemSchema,
  HandoffMessageSchema,
  QueueSettingsSchema,
  CannedReplySchema,
  QueueViewSchema,
  SupervisorRowSchema,
  AgentPresenceSchema,
  QueueAgentSchema,
  PauseReasonSchema,
} from './agentSchemas.ts';

/** Schemas shown once under `components.schemas` and referenced by name. */
export const namedSchemas: Record<string, z.ZodType> = {
  Error: ErrorResponse,
  Flow,
  FlowRecord: FlowRecordSchema,
  ArchivedFlow: ArchivedFlowSchema,
  Draft: DraftSchema,
  LintIssue: LintIssueSchema,
  VersionSummary: VersionSummarySchema,
  Version: VersionSchema,
  EnvironmentPointer: EnvironmentPointerSchema,
  Environments: EnvironmentsSchema,
  FlowExport: FlowExportSchema,
  User: PublicUserSchema,
  JsonValue,
  BindingInput,
  Binding: BindingSchema,
  AuditEntry: AuditEntrySchema,
  HandoffHistoryItem: HandoffHistoryItemSchema,
  HandoffContact: HandoffContactSchema,
  BoardContact: BoardContactSchema,
  QueueSettings: QueueSettingsSchema,
  CannedReply: CannedReplySchema,
  QueueView: QueueViewSchema,
  SupervisorRow: SupervisorRowSchema,
  AgentPresence: AgentPresenceSchema,
  QueueAgent: QueueAgentSchema,
  PauseReason: PauseReasonSchema,
  HandoffMessage: HandoffMessageSchema,
  CallbackRequest: CallbackRequestSchema,
};

/** Request schemas that parse loosely (documents are migrated first) but are documented as another schema. */
export const documentedAs = new Map<unknown, string>([[FlowDocumentInput, 'Flow']]);
