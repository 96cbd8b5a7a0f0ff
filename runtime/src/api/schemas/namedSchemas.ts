import type { z } from 'zod';
import { Flow } from '@griot/flows';
import { ErrorResponse } from './commonSchemas.ts';
import { PublicUserSchema } from './authSchemas.ts';
import {
  DraftSchema, EnvironmentPointerSchema, EnvironmentsSchema, FlowExportSchema, FlowRecordSchema, LintIssueSchema, VersionSchema, VersionSummarySchema,
  FlowDocumentInput,
} from './flowSchemas.ts';
import { AuditEntrySchema, BindingInput, BindingSchema } from './bindingSchemas.ts';

/** Schemas shown once under `components.schemas` and referenced by name. */
export const namedSchemas: Record<string, z.ZodType> = {
  Error: ErrorResponse,
  Flow,
  FlowRecord: FlowRecordSchema,
  Draft: DraftSchema,
  LintIssue: LintIssueSchema,
  VersionSummary: VersionSummarySchema,
  Version: VersionSchema,
  EnvironmentPointer: EnvironmentPointerSchema,
  Environments: EnvironmentsSchema,
  FlowExport: FlowExportSchema,
  User: PublicUserSchema,
  BindingInput,
  Binding: BindingSchema,
  AuditEntry: AuditEntrySchema,
};

/** Request schemas that parse loosely (documents are migrated first) but are documented as another schema. */
export const documentedAs = new Map<unknown, string>([[FlowDocumentInput, 'Flow']]);
