import { Router } from 'express';
import { z } from 'zod';
import { Channel } from '@griot/flows';
import type { Role } from '../store/types.ts';
import type { CallerRecords } from '../callers/CallerRecords.ts';
import { notFound } from '../errors.ts';
import type { ApiRegistry } from './openapi/apiRegistry.ts';
import { routeDefiner } from './defineRoute.ts';

export interface CallerRouteDeps {
  /** Where the routes are described for `/api/openapi.json`. */
  registry: ApiRegistry;
  /**
   * The test numbers of a flow's lines whose calls this user may read: those an admin listed, and
   * the user's own once an admin confirmed them, from that confirmation on (`since`); never
   * another user's own phone.
   */
  testNumbersOf?: (flowId: string, username: string) => Promise<Array<{ number: string; since?: string | undefined }>>;
}

const ContactSchema = z.object({ at: z.string(), channel: Channel, reason: z.string(), outcome: z.string(), agent: z.string().optional() });
export const CallerProfileSchema = z.object({
  number: z.string().describe('E.164; `preview:<E.164>` for the reader’s own preview memory'),
  preferredLocale: z.string().optional(),
  lastChannel: Channel.optional(),
  contacts: z.array(ContactSchema).describe('the last 20 contacts, oldest first'),
  variables: z.record(z.string(), z.unknown()),
  consent: z.object({ given: z.boolean(), at: z.string() }).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const TranscriptTurnSchema = z.object({
  at: z.string(),
  input: z.unknown().describe('the event, with sensitive input shown as •••'),
  prompts: z.array(z.string()).describe('what was said or written, sensitive values masked'),
  nodes: z.array(z.string()),
  effects: z.array(z.string()),
  durationMs: z.number(),
  lookups: z
    .array(
      z.object({
        node: z.string(),
        backend: z.string().describe('the named backend, `url` for an address written in the flow, `model` for the intent model'),
        outcome: z
          .enum(['ok', 'notFound', 'error'])
          .describe('`notFound`: the operator answered a status the http node reads as « not found » (404 by default): the subscriber is unknown, the flow took its notFound branch'),
        cause: z.string().optional().describe('why it failed: timeout, http 503, ECONNREFUSED, http.hostNotAllowed…; never the request nor the answer'),
        ms: z.number(),
      }),
    )
    .optional()
    .describe("the turn's look-ups (since 2026-12-05)"),
});
export const TranscriptSchema = z.object({
  sessionKey: z
    .string()
    .describe(
      'the session key; a web chat visitor’s conversation id (their only credential) is shown as `#` and a digest, here, in `callerNumber` and in the turns: the same reference as in the agents’ inbox',
    ),
  flowId: z.string(),
  flowVersion: z.number().int().nullable(),
  channel: Channel,
  callerNumber: z.string(),
  preview: z.boolean(),
  tester: z.literal(true).optional().describe('routed as a tester’s (staging or the version chosen for the number), not as a subscriber’s (since 2026-12-06)'),
  startedAt: z.string(),
  endedAt: z.string().optional(),
  endReason: z.string().optional(),
  turns: z.array(TranscriptTurnSchema),
});
const CallerQuery = z.object({
  preview: z.enum(['true', 'false']).optional().describe('read instead what your own previews taught about the number (another user’s preview memory reads as unknown, an admin’s too)'),
});
const TranscriptQuery = z.object({
  caller: z.string().min(1).max(40).optional().describe('any spelling of the number'),
  flow: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
const count = z.number().int();
const ErasureSchema = z.object({
  deleted: z.object({
    profiles: count,
    transcripts: count,
    handoffContacts: count.describe('contacts with agents, closed'),
    handoffMessages: count.describe('what the subscriber and agents wrote in them'),
    callbacks: count.describe('callback requests'),
    sessions: count.describe('sessions, live or ended'),
    messaging: count.describe("the messaging ledger's records of their conversations (inbox, outbox, last-message marks, delivery reports)"),
    analyticsFacts: count.describe('raw analytics facts that named the caller by its keyed digest, and now name nobody (counters unchanged)'),
  }),
});

const READERS: Role[] = ['admin', 'supervisor'];

/** Caller memory and transcripts (docs/api.md, "Callers, transcripts, audit"). */
export function callerRoutes(records: CallerRecords, deps: CallerRouteDeps): Router {
  const router = Router();
  const route = routeDefiner(router, deps.registry);
  const tag = 'callers';

  route(
    {
      method: 'get',
      path: '/api/callers/{number}',
      operationId: 'getCaller',
      summary: 'What Griot remembers of a caller (number in any spelling); with `preview=true`, what the reader’s own previews taught (404 for anyone else’s)',
      tag,
      access: READERS,
      query: CallerQuery,
      response: CallerProfileSchema,
      errors: [404],
    },
    async ({ params, query, principal }) => {
      const profile = await records.profile(String(params.number), query.preview === 'true', principal.userId);
      if (!profile) throw notFound('caller_not_found', 'no profile for this number');
      return profile;
    },
  );

  route(
    {
      method: 'delete',
      path: '/api/callers/{number}',
      operationId: 'eraseCaller',
      summary:
        'Right to erasure: everything kept about a number (in any spelling) and the platform ids linked to it, a platform id alone (`telegram:<id>`, `messenger:<psid>`, `botframework:<user id>`), or a web chat visitor by the `#` digest transcripts and the inbox show; 400 `invalid_caller` for anything else; 409 while an agent handles one of its contacts or callbacks',
      tag,
      access: ['admin'],
      response: ErasureSchema,
      errors: [400, 404, 409],
    },
    async ({ params, principal }) => {
      const deleted = await records.erase(String(params.number), principal.username);
      if (Object.values(deleted).every((n) => n === 0)) throw notFound('caller_not_found', 'nothing is kept about this number');
      return { deleted };
    },
  );

  route(
    {
      method: 'get',
      path: '/api/transcripts',
      operationId: 'listTranscripts',
      summary: 'Transcripts, newest first, by caller and flow: live traffic, and the previews the reader started (never another user’s)',
      tag,
      access: READERS,
      query: TranscriptQuery,
      response: z.array(TranscriptSchema),
    },
    ({ query, principal }) => records.transcripts({ caller: query.caller, flowId: query.flow, limit: query.limit }, principal.userId),
  );

  route(
    {
      method: 'get',
      path: '/api/transcripts/{key}',
      operationId: 'getTranscript',
      summary: 'The latest transcript of a session key; 404 for another user’s preview, as for an unknown key',
      tag,
      access: READERS,
      response: TranscriptSchema,
      errors: [404],
    },
    async ({ params, principal }) => {
      const transcript = await records.transcript(String(params.key), principal.userId);
      if (!transcript) throw notFound('transcript_not_found', `no transcript ${String(params.key)}`);
      return transcript;
    },
  );

  const testNumbersOf = deps.testNumbersOf;
  if (testNumbersOf) {
    route(
      {
        method: 'get',
        path: '/api/flows/{id}/test-calls',
        operationId: 'listTestCalls',
        summary:
          'The latest calls and conversations of the flow that were routed as a tester’s, from its test numbers (those an admin listed on its lines, and your own from when an admin confirmed them), newest first, as transcripts (sensitive values masked): a tester reads what her phone heard and which version answered. A subscriber’s call from the same number (before it was listed, or on a line where it is no tester) and previews are not listed',
        tag,
        access: ['tester'],
        query: z.object({ limit: z.coerce.number().int().min(1).max(50).default(10) }),
        response: z.array(TranscriptSchema),
      },
      async ({ params, query, principal }) => {
        const numbers = await testNumbersOf(String(params.id), principal.username);
        return records.testCalls(String(params.id), numbers, query.limit);
      },
    );
  }

  return router;
}
