import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { Channel } from '@griot/flows';
import type { Role } from '../store/types.ts';
import type { CallerRecords } from '../callers/CallerRecords.ts';
import { notFound } from '../errors.ts';
import type { ApiRegistry } from './openapi/apiRegistry.ts';
import { parseInput } from './parseInput.ts';

export interface CallerRouteDeps {
  requireRole: (...roles: Role[]) => RequestHandler;
  /** When given, the routes appear in `/api/openapi.json`. */
  registry?: ApiRegistry | undefined;
}

const ContactSchema = z.object({ at: z.string(), channel: Channel, reason: z.string(), outcome: z.string(), agent: z.string().optional() });
export const CallerProfileSchema = z.object({
  number: z.string().describe('E.164; `preview:<E.164>` for a tester’s preview memory'),
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
});
export const TranscriptSchema = z.object({
  sessionKey: z.string(),
  flowId: z.string(),
  flowVersion: z.number().int().nullable(),
  channel: Channel,
  callerNumber: z.string(),
  preview: z.boolean(),
  startedAt: z.string(),
  endedAt: z.string().optional(),
  endReason: z.string().optional(),
  turns: z.array(TranscriptTurnSchema),
});
const CallerQuery = z.object({ preview: z.enum(['true', 'false']).optional().describe('read the preview (tester) memory instead') });
const TranscriptQuery = z.object({
  caller: z.string().min(1).max(40).optional().describe('any spelling of the number'),
  flow: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
const ErasureSchema = z.object({ deleted: z.object({ profiles: z.number().int(), transcripts: z.number().int() }) });

const READERS: Role[] = ['admin', 'supervisor'];

/** Caller memory and transcripts (docs/api.md, "Callers, transcripts, audit"). */
export function callerRoutes(records: CallerRecords, deps: CallerRouteDeps): Router {
  const router = Router();
  const doc = (d: Parameters<ApiRegistry['add']>[0]) => deps.registry?.add(d);

  doc({ method: 'get', path: '/api/callers/{number}', operationId: 'getCaller', summary: 'What Griot remembers of a caller (number in any spelling)', tag: 'callers', access: READERS, query: CallerQuery, status: 200, response: CallerProfileSchema, errors: [400, 404] });
  router.get('/api/callers/:number', deps.requireRole(...READERS), async (req, res) => {
    const query = parseInput(CallerQuery, req.query, 'query');
    const profile = await records.profile(String(req.params.number), query.preview === 'true');
    if (!profile) throw notFound('caller_not_found', 'no profile for this number');
    res.json(profile);
  });

  doc({ method: 'delete', path: '/api/callers/{number}', operationId: 'eraseCaller', summary: 'Right to erasure: the profile (real and preview) and every transcript of the number', tag: 'callers', access: ['admin'], status: 200, response: ErasureSchema, errors: [400, 404] });
  router.delete('/api/callers/:number', deps.requireRole('admin'), async (req, res) => {
    const deleted = await records.erase(String(req.params.number), req.principal?.username ?? 'unknown');
    if (deleted.profiles === 0 && deleted.transcripts === 0) throw notFound('caller_not_found', 'nothing is kept about this number');
    res.json({ deleted });
  });

  doc({ method: 'get', path: '/api/transcripts', operationId: 'listTranscripts', summary: 'Transcripts, newest first, by caller and flow', tag: 'callers', access: READERS, query: TranscriptQuery, status: 200, response: z.array(TranscriptSchema), errors: [400] });
  router.get('/api/transcripts', deps.requireRole(...READERS), async (req, res) => {
    const query = parseInput(TranscriptQuery, req.query, 'query');
    res.json(await records.transcripts({ caller: query.caller, flowId: query.flow, limit: query.limit }));
  });

  doc({ method: 'get', path: '/api/transcripts/{key}', operationId: 'getTranscript', summary: 'One contact’s transcript', tag: 'callers', access: READERS, status: 200, response: TranscriptSchema, errors: [404] });
  router.get('/api/transcripts/:key', deps.requireRole(...READERS), async (req, res) => {
    const transcript = await records.transcript(String(req.params.key));
    if (!transcript) throw notFound('transcript_not_found', `no transcript ${String(req.params.key)}`);
    res.json(transcript);
  });

  return router;
}
