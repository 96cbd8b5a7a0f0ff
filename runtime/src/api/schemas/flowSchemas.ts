import { z } from 'zod';
import { Flow } from '@griot/flows';

/**
 * A flow document in a request. Parsed by `parseFlow` (which migrates older schema versions
 * first), so zod lets it through here; the OpenAPI document shows it as `Flow`.
 */
export const FlowDocumentInput = z.unknown();

const VersionNumber = z.coerce.number().int().min(1);
/** `3`, `draft`, `staging` or `production`. */
export const VersionRef = z.union([z.literal('draft'), z.literal('staging'), z.literal('production'), VersionNumber]);

export const CreateFlowBody = z.object({ document: FlowDocumentInput }).strict();
export const DeleteFlowBody = z.object({ confirm: z.string().describe("the flow's name") }).strict();
export const SaveDraftBody = z.object({ revision: z.number().int().min(0).describe('the revision the editor loaded'), document: FlowDocumentInput }).strict();
/** A version's name as people use it; blank removes it. */
const VersionLabel = z.string().max(80).describe('a name for the version, e.g. "Ramadan 2027"');
export const PublishBody = z
  .object({
    message: z.string().trim().min(1).max(500).describe('what changed, for the history'),
    revision: z.number().int().min(1).optional(),
    label: VersionLabel.optional(),
  })
  .strict();
export const VersionLabelBody = z.object({ label: VersionLabel.nullable().describe('the new label; null or blank removes it') }).strict();
export const RunTestsBody = z.object({ version: z.union([z.literal('draft'), z.literal('staging'), z.literal('production'), z.number().int().min(1)]) }).strict();
export const PromoteBody = z.object({ version: z.number().int().min(1) }).strict();
export const DiffQuery = z.object({ from: VersionRef, to: VersionRef.default('draft') });
export const ImportQuery = z.object({
  replace: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

export const LintIssueSchema = z.object({
  severity: z.enum(['error', 'warning']),
  code: z.string(),
  message: z.string(),
  node: z.string().optional(),
  edge: z.string().optional(),
  field: z.string().optional(),
  params: z.record(z.string(), z.string()).optional().describe('names the message is built from (secret, backend, host…)'),
});
export const FlowRecordSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  leftProductionAt: z.string().optional().describe('when production last stopped running it: archiving it then needs publisher'),
  importedFrom: z
    .object({ createdAt: z.string().optional(), createdBy: z.string().optional() })
    .optional()
    .describe('an imported flow: what its file claimed of its creation (anyone can write it); `createdAt` and `createdBy` are the import’s'),
});
export const ArchivedFlowSchema = z.object({
  id: z.string(),
  name: z.string(),
  archivedAt: z.string(),
  archivedBy: z.string(),
  purgeAfter: z.string().describe('from then on the retention job may purge it (GRIOT_ARCHIVE_DAYS)'),
});
export const ClearedEnvironmentSchema = z.object({ environment: z.enum(['staging', 'production']), cleared: z.number().int().describe('the version it ran') });
export const DraftSchema = z.object({
  flowId: z.string(),
  revision: z.number().int(),
  document: Flow,
  hash: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export const DraftView = DraftSchema.extend({ lint: z.array(LintIssueSchema) });
export const SavedDraftSchema = z.object({
  revision: z.number().int(),
  hash: z.string(),
  lint: z.array(LintIssueSchema),
  document: Flow.optional().describe(
    'the document as stored, only when the save stamped translations the sender had not (a first-language text changed beside translations not stamped yet): the editor takes it, so its next save keeps the stamps',
  ),
});
export const VersionSummarySchema = z.object({
  flowId: z.string(),
  number: z.number().int(),
  hash: z.string(),
  author: z.string(),
  message: z.string(),
  createdAt: z.string(),
  label: z.string().optional().describe('a name people use for it, absent when none'),
  importedFrom: z
    .object({ author: z.string(), createdAt: z.string(), message: z.string() })
    .optional()
    .describe("an imported version: what the file claimed (author, date, message); author and createdAt above are the importer's and the import's"),
});
export const VersionSchema = VersionSummarySchema.extend({ document: Flow });
export const EnvironmentPointerSchema = z.object({
  flowId: z.string(),
  name: z.enum(['staging', 'production']),
  version: z.number().int(),
  history: z.array(z.number().int()).describe('earlier versions, most recent last'),
  updatedAt: z.string(),
  updatedBy: z.string(),
  vetted: z.array(z.number().int()).optional().describe('versions a publisher or admin put here (this one included when they did), most recent last; absent on pointers set before Griot recorded it'),
});
export const EnvironmentsSchema = z.object({ staging: EnvironmentPointerSchema.nullable(), production: EnvironmentPointerSchema.nullable() });
export const FlowListSchema = z.array(
  z.object({
    id: z.string(),
    name: z.string(),
    updatedAt: z.string(),
    draftRevision: z.number().int(),
    latestVersion: z.number().int().nullable(),
    environments: z.object({ staging: z.number().int().nullable(), production: z.number().int().nullable() }),
    folder: z.string().optional().describe("where the flow list files it: the draft's settings.folder"),
  }),
);
export const FlowDetailSchema = z.object({
  flow: FlowRecordSchema,
  draft: DraftSchema,
  versions: z.array(VersionSummarySchema).describe('the newest 100 versions, oldest first (older ones: GET /api/flows/{id}/versions?before=<the first number>)'),
  olderVersions: z.boolean().describe('whether the flow has versions older than those given'),
  environments: EnvironmentsSchema,
  lint: z.array(LintIssueSchema),
});
export const CreatedFlowSchema = z.object({ flow: FlowRecordSchema, draft: DraftSchema });
/** A character that shows: not a space, not a format mark (RLM, LRM, ZWJ…), not a control. */
const VISIBLE = /[^\p{White_Space}\p{Cf}\p{Cc}]/u;
export const DuplicateFlowBody = z
  .object({
    version: z.number().int().min(1).optional().describe('the version to start from (« Dupliquer cette version »); the draft when absent'),
    name: z
      .string()
      .trim()
      .min(1)
      .max(200)
      // A name the list would show empty (only invisible marks), as another flow's; one shown reversed: `refuseDirectionControls`.
      .refine((name) => VISIBLE.test(name), { message: 'the name shows nothing: write at least one letter, digit or sign' })
      .optional()
      .describe(
        'the copy’s name; "<source name> (copy)" when absent. 409 `flow_name_taken` when a listed flow bears it; 400 when it shows nothing, 400 `name_direction_control` when it holds a text-direction control',
      ),
  })
  .strict();
export const DuplicatedFlowSchema = z.object({
  flow: z.object({ id: z.string().describe('<source id>-copy, or -copy2, -copy3…: the first free'), name: z.string() }),
  from: z.object({ flowId: z.string(), version: z.number().nullable().describe('null: the draft') }),
  recordings: z.number().describe('recordings copied with it'),
  missing: z.array(z.string()).describe('names its prompts play that the source held no file for'),
});
export const PromotionSchema = z.object({
  environment: EnvironmentPointerSchema,
  changed: z.boolean(),
  tests: z.object({ total: z.number(), passed: z.number(), failed: z.number() }).nullable(),
  note: z.string().optional(),
});
export const RollbackSchema = z.object({ environment: EnvironmentPointerSchema, from: z.number().int() });
export const FlowExportSchema = z.object({
  format: z.literal('griot-flow'),
  formatVersion: z.literal(1),
  flow: FlowRecordSchema,
  draft: DraftSchema,
  versions: z.array(VersionSchema),
  environments: EnvironmentsSchema,
});
export const ImportResultSchema = z.object({
  flowId: z.string(),
  created: z.boolean(),
  draft: z.object({ revision: z.number().int(), hash: z.string(), changed: z.boolean() }),
  versions: z.object({ added: z.array(z.number().int()), existing: z.array(z.number().int()) }),
  environments: z.object({
    applied: z.array(z.object({ environment: z.enum(['staging', 'production']), version: z.number().int() })),
    skipped: z.array(z.object({ environment: z.enum(['staging', 'production']), version: z.number().int(), reason: z.string() })),
  }),
});
export const TestReportSchema = z
  .object({
    passed: z.number().int(),
    failed: z.number().int(),
    cases: z.array(z.object({ name: z.string(), passed: z.boolean(), failures: z.array(z.string()) }).loose()),
    coverage: z.object({ nodes: z.object({}).loose(), edges: z.object({}).loose() }),
  })
  .loose();
export const FlowDiffSchema = z
  .object({
    nodes: z.object({ added: z.array(z.unknown()), removed: z.array(z.unknown()), changed: z.array(z.object({ id: z.string(), movedOnly: z.boolean() }).loose()) }),
    edges: z.object({ added: z.array(z.string()), removed: z.array(z.string()), retargeted: z.array(z.unknown()) }),
    flow: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
    same: z.boolean(),
  })
  .loose();
