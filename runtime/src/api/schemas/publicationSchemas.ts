import { z } from 'zod';
import { LintIssueSchema } from './flowSchemas.ts';

/** Longest comment or reason people may write (a few paragraphs). */
export const PUBLICATION_TEXT_MAX = 2000;

const Environment = z.enum(['staging', 'production']);

export const PublicationAskBody = z
  .object({
    targets: z
      .array(Environment)
      .min(1)
      .max(2)
      .refine((t) => new Set(t).size === t.length, 'each environment once')
      .describe('where the version should go once published'),
    comment: z.string().max(PUBLICATION_TEXT_MAX).default('').describe('what changed and why, for the publisher'),
    revision: z.number().int().min(1).describe('the draft revision the editor reviewed (frozen in the request)'),
  })
  .strict();
export const PublicationRefuseBody = z.object({ reason: z.string().trim().min(1).max(PUBLICATION_TEXT_MAX).describe('why, for the editor') }).strict();
export const PublicationListQuery = z.object({
  open: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .describe('only requests waiting for a publisher'),
  mine: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .describe('only requests the caller made'),
});

export const PublicationRequestSchema = z.object({
  id: z.string(),
  flowId: z.string(),
  flowName: z.string(),
  draftRevision: z.number().int().describe('the draft revision asked about'),
  draftHash: z.string(),
  currentRevision: z.number().int().nullable().describe("the draft's revision now"),
  outdated: z.boolean().describe('an open request whose draft was saved since: it cannot be approved'),
  targets: z.array(Environment),
  comment: z.string(),
  requestedBy: z.string(),
  requestedAt: z.string(),
  status: z.enum(['pending', 'approving', 'approved', 'refused', 'withdrawn', 'superseded']),
  updatedAt: z.string(),
  decidedBy: z.string().optional(),
  decidedAt: z.string().optional(),
  reason: z.string().optional().describe('why a publisher refused it'),
  version: z.number().int().optional().describe('the version the approval published'),
});
export const PublicationRequestListSchema = z.array(PublicationRequestSchema);
export const PublicationRequestDetailSchema = PublicationRequestSchema.extend({
  checks: z
    .object({
      lint: z.array(LintIssueSchema),
      tests: z.object({
        total: z.number().int(),
        passed: z.number().int(),
        failed: z.number().int(),
        failures: z.array(z.object({ name: z.string(), failures: z.array(z.string()) })),
      }),
    })
    .nullable()
    .describe("lint and the flow's tests on the requested draft; null once the request is closed or outdated"),
  environments: z.object({ staging: z.number().int().nullable(), production: z.number().int().nullable() }).describe('the versions they run now (to compare the draft with)'),
});
