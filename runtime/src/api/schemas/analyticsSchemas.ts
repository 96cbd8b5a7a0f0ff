import { z } from 'zod';
import { Channel } from '@griot/flows';
import { isTimeZone } from '../../analytics/analyticsCsv.ts';

const Traffic = z.enum(['live', 'test', 'preview']);
const Outcome = z.enum(['contained', 'transferred', 'callback', 'noAgent', 'abandoned', 'error']);
const ratio = z.number().min(0).max(1).nullable();

const trafficList = z
  .string()
  .default('live')
  .transform((text, ctx) => {
    const items = [
      ...new Set(
        text
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
      ),
    ];
    const parsed = z.array(Traffic).min(1).safeParse(items);
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', message: 'traffic is a comma-separated list of live, test, preview' });
      return z.NEVER;
    }
    return parsed.data;
  })
  .describe('comma-separated: live (callers on production), test (testers, staging, pinned versions), preview (the designer)');

const periodQuery = {
  from: z.iso.datetime({ offset: true }).optional().describe('start (rounded down to the hour); default: 7 days before `to`'),
  to: z.iso.datetime({ offset: true }).optional().describe('end, excluded (rounded up to the hour); default: now'),
  traffic: trafficList,
  format: z.enum(['json', 'csv']).optional().describe('csv: one table (`table`) as text/csv; also chosen by Accept: text/csv'),
  dialect: z
    .enum(['plain', 'excel-fr'])
    .default('plain')
    .describe(
      'CSV only. plain: `,`, dotted decimals, shares 0–1, UTC ISO times, English headers. excel-fr: for a French spreadsheet: BOM, `;`, decimal commas, percentages, local times (`tz`), French headers, node labels, exits named as the canvas names them (« sortie 3 · Code PUK »), the filters in the file name',
    ),
  tz: z.string().max(64).refine(isTimeZone, 'tz is an IANA time zone, e.g. Africa/Porto-Novo').optional().describe('excel-fr only: the time zone its times are written in (default UTC)'),
};

export const FlowAnalyticsQuery = z.object({
  ...periodQuery,
  environment: z.enum(['production', 'staging', 'draft', 'version']).optional(),
  version: z
    .string()
    .regex(/^(\d+|draft)(,(\d+|draft))*$/, 'version is a number, draft, or a comma-separated list of them')
    .optional()
    .transform((text) => (text === undefined ? undefined : [...new Set(text.split(','))].map((v) => (v === 'draft' ? null : Number(v)))))
    .describe('one version or several (3,4); draft for previews of the draft'),
  channel: Channel.optional(),
  locale: z.string().min(1).max(35).optional(),
  table: z.enum(['summary', 'nodes', 'series', 'versions', 'csat']).default('nodes').describe('the table a CSV export holds'),
});

export const QueueAnalyticsQuery = z.object({
  ...periodQuery,
  queue: z.string().min(1).max(200).optional(),
  channel: Channel.optional(),
  serviceLevelSeconds: z.coerce.number().int().min(0).max(3600).optional().describe('answered within this many seconds (default GRIOT_SERVICE_LEVEL_SECONDS); rounded down to a wait bucket bound'),
  table: z.enum(['queues', 'series', 'agents']).default('queues').describe('the table a CSV export holds'),
});

const OutcomeCounts = z
  .object({ ...Object.fromEntries(Outcome.options.map((o) => [o, z.number().int()])), unfinished: z.number().int() } as Record<z.infer<typeof Outcome> | 'unfinished', z.ZodNumber>)
  .describe('contacts started in the period by how they ended; unfinished: not ended (still open, or gone quiet)');

const Containment = z.object({
  contained: z.number().int(),
  returned: z.number().int().describe('contained contacts whose caller came back within windowHours, on any channel'),
  raw: ratio.describe('contained ÷ contacts'),
  corrected: ratio.describe('(contained − returned) ÷ contacts'),
  windowHours: z.number().int(),
  provisional: z.boolean().describe('the period ends less than windowHours ago: corrected may still fall'),
});

const CsatFields = {
  answered: z.number().int(),
  scale: z.number().int().nullable().describe('3 or 5: the most answered scale; the other fields are on it'),
  average: z.number().nullable(),
  satisfied: ratio.describe('share of answers in the top two scores (top score on a 3-point scale)'),
  distribution: z.record(z.string(), z.number().int()).describe('answers per score, "1"… up to the scale'),
};
const Csat = z.object({ asked: z.number().int(), responseRate: ratio, ...CsatFields });
const CsatSlice = z.object(CsatFields);

const Period = z.object({ from: z.string(), to: z.string() });

export const FlowAnalyticsSchema = z.object({
  flowId: z.string(),
  period: Period,
  filters: z.object({
    environment: z.string().optional(),
    versions: z.array(z.number().int().nullable()).optional(),
    channel: Channel.optional(),
    locale: z.string().optional(),
    traffic: z.array(Traffic),
  }),
  contacts: z.number().int(),
  outcomes: OutcomeCounts,
  averageDurationSeconds: z.number().nullable(),
  containment: Containment,
  nodes: z
    .array(
      z.object({
        node: z.string(),
        visits: z.number().int(),
        exits: z.record(z.string(), z.number().int()).describe('times each output was taken'),
        dropOffs: z.number().int().describe('contacts abandoned while here (hung up, went quiet)'),
        ended: z.partialRecord(Outcome, z.number().int()).describe('contacts that ended here, by outcome'),
        noInput: z.number().int(),
        noMatch: z.number().int(),
      }),
    )
    .describe('most visited first'),
  lookups: z.array(z.object({ backend: z.string(), outcome: z.string(), count: z.number().int(), averageMs: z.number(), maxMs: z.number() })),
  csat: Csat.extend({
    byNode: z.array(Csat.extend({ node: z.string() })),
    byChannel: z.array(CsatSlice.extend({ channel: z.string() })),
    byLocale: z.array(CsatSlice.extend({ locale: z.string() })),
    byAgent: z
      .array(CsatSlice.extend({ agent: z.string() }))
      .optional()
      .describe('surveys answered after an agent handled the contact, by agent: supervisors and admins only (absent for everyone else)'),
  }),
  series: z
    .array(
      z.object({
        hour: z.string(),
        contacts: z.number().int(),
        outcomes: OutcomeCounts,
        returned: z.number().int().describe('contained contacts of the hour whose caller came back within the window'),
      }),
    )
    .describe('hours with contacts, oldest first'),
  versions: z.array(
    z.object({
      version: z.number().int().nullable(),
      contacts: z.number().int(),
      outcomes: OutcomeCounts,
      handoffRequests: z.number().int().describe('how many times callers asked for an agent (a handoff node entered), whatever came of it'),
      containment: Containment,
      csat: Csat,
    }),
  ),
});

const CallbackSteps = z.object({
  requested: z.number().int(),
  taken: z.number().int(),
  placed: z.number().int(),
  answered: z.number().int(),
  completed: z.number().int(),
  failed: z.number().int(),
});

export const QueueAnalyticsSchema = z.object({
  period: Period,
  filters: z.object({ queue: z.string().optional(), channel: Channel.optional(), traffic: z.array(Traffic) }),
  serviceLevelSeconds: z.number().int().describe('the threshold used, rounded down to a wait bucket bound'),
  queues: z.array(
    z.object({
      queue: z.string(),
      offered: z.number().int(),
      answered: z.number().int(),
      answeredWithinThreshold: z.number().int(),
      serviceLevel: ratio.describe('answered in less than serviceLevelSeconds ÷ (answered + abandoned)'),
      abandoned: z.number().int().describe('hung up while waiting'),
      left: z.record(z.string(), z.number().int()).describe('left unanswered otherwise: callback, unavailable, transferred, replaced, continued'),
      averageWaitSeconds: z.number().nullable().describe('of answered contacts'),
      averageAbandonedWaitSeconds: z.number().nullable(),
      longestWaitSeconds: z.number().nullable().describe('answered or abandoned'),
      callbacks: CallbackSteps,
      agentOutcomes: z.record(z.string(), z.number().int()),
      agents: z.array(z.object({ agent: z.string(), answered: z.number().int(), averageWaitSeconds: z.number().nullable() })),
    }),
  ),
  series: z.array(z.object({ hour: z.string(), queue: z.string(), offered: z.number().int(), answered: z.number().int(), abandoned: z.number().int() })),
});

export const RecentLookupsSchema = z.object({
  from: z.string(),
  to: z.string(),
  backends: z
    .array(
      z.object({
        backend: z.string().describe('the named backend an http node calls (`url` for an absolute URL), or `model` for an intent node'),
        total: z.number().int(),
        failed: z.number().int().describe('errors (no answer, or an answer neither 2xx nor a « not found » status), time-outs, and look-ups Griot could not send (`misconfigured`)'),
        misconfigured: z.number().int().describe('of `failed`, the look-ups Griot could not send for want of its own configuration'),
        last: z.object({ outcome: z.string().describe('`ok`, `notFound`, `error`, `timeout`, `misconfigured`'), at: z.string() }),
        lastFailedAt: z.string().optional(),
        lastMisconfiguredAt: z.string().optional().describe('the last look-up Griot could not send'),
        lastErrorAt: z.string().optional().describe('the last error or time-out of the operator’s system'),
        averageMs: z.number().int().optional().describe('the mean time of the look-ups sent (`misconfigured` aside), in milliseconds'),
      }),
    )
    .describe('by name'),
});
