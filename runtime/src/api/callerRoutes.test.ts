import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store, Transcript } from '../store/types.ts';
import { SqliteStore } from '../store/sqlite/SqliteStore.ts';
import { createAuditLog } from '../audit/auditLog.ts';
import { CallerRecords } from '../callers/CallerRecords.ts';
import { CallerHasher } from '../analytics/CallerHasher.ts';
import { createHash } from 'node:crypto';
import { captureLogs } from '../conversations/testSupport.ts';
import { errorMiddleware } from './errorMiddleware.ts';
import { callerRoutes } from './callerRoutes.ts';
import { ApiRegistry } from './openapi/apiRegistry.ts';

const NUMBER = '+2290197000001';
let store: Store;
let server: Server;
let base: string;
const registry = new ApiRegistry();

function transcript(sessionKey: string, callerNumber: string, flowId: string, startedAt: string): Transcript {
  return { sessionKey, flowId, flowVersion: 1, channel: 'voice', callerNumber, preview: false, startedAt, turns: [] };
}

beforeAll(async () => {
  store = new SqliteStore(':memory:');
  const at = '2026-03-01T10:00:00.000Z';
  await store.putCaller({
    number: NUMBER,
    preferredLocale: 'fr',
    lastChannel: 'whatsapp',
    contacts: [{ at, channel: 'whatsapp', reason: 'Assistance', outcome: 'handoff' }],
    variables: { segment: 'vip' },
    createdAt: at,
    updatedAt: at,
  });
  await store.putCaller({ number: `preview:${NUMBER}`, contacts: [], variables: {}, createdAt: at, updatedAt: at });
  await store.startTranscript(transcript('voice:a', NUMBER, 'selfcare', '2026-03-01T10:00:00.000Z'));
  await store.appendTurn('voice:a', { at, input: { type: 'digits', digits: '•••' }, prompts: ['Bonjour.'], nodes: ['start'], effects: ['say'], durationMs: 1 });
  await store.startTranscript(transcript('voice:b', NUMBER, 'other', '2026-03-01T11:00:00.000Z'));
  await store.startTranscript(transcript('voice:c', '+2290197000002', 'selfcare', '2026-03-01T12:00:00.000Z'));

  const app = express();
  app.use((req, _res, next) => {
    req.principal = { userId: 'u1', username: 'ada', displayName: 'Ada', roles: ['admin'], via: 'token', credentialId: 't1' };
    next();
  });
  const audit = createAuditLog(
    store,
    () => new Date().toISOString(),
    () => `audit-${Math.random()}`,
  );
  app.use(callerRoutes(new CallerRecords({ store, defaultRegion: 'BJ', audit, hasher: Promise.resolve(CallerHasher.withKey('audit-test-key')) }), { registry }));
  app.use(errorMiddleware(captureLogs().logger));
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await store.close();
});

const get = async (path: string, method = 'GET') => {
  const response = await fetch(base + path, { method });
  return { status: response.status, json: (await response.json()) as any };
};

describe('caller routes', () => {
  it('reads a profile by the number in any spelling', async () => {
    for (const spelling of ['+229 01 97 00 00 01', '0197000001', '2290197000001']) {
      const { status, json } = await get(`/api/callers/${encodeURIComponent(spelling)}`);
      expect(status).toBe(200);
      expect(json).toMatchObject({ number: NUMBER, preferredLocale: 'fr', lastChannel: 'whatsapp', variables: { segment: 'vip' } });
    }
    expect((await get('/api/callers/0197000009')).status).toBe(404);
    const garbage = await get('/api/callers/hello');
    expect(garbage.status).toBe(400);
    expect(garbage.json.error).toMatchObject({ code: 'invalid_number', field: 'number' });
  });

  it('lists transcripts by caller and flow, newest first, and reads one', async () => {
    const all = await get('/api/transcripts');
    expect(all.json.map((t: Transcript) => t.sessionKey)).toEqual(['voice:c', 'voice:b', 'voice:a']);
    const mine = await get('/api/transcripts?caller=0197000001&flow=selfcare');
    expect(mine.json.map((t: Transcript) => t.sessionKey)).toEqual(['voice:a']);
    expect((await get('/api/transcripts?limit=1')).json).toHaveLength(1);
    expect((await get('/api/transcripts?limit=0')).json.error.field).toBe('limit');
    expect((await get('/api/transcripts?caller=abc')).json.error.field).toBe('caller');
    const one = await get('/api/transcripts/voice%3Aa');
    expect(one.json.turns).toEqual([expect.objectContaining({ input: { type: 'digits', digits: '•••' } })]);
    expect((await get('/api/transcripts/voice%3Azzz')).status).toBe(404);
  });

  it('erases a caller: real and preview profiles and transcripts, audited without the number', async () => {
    const erased = await get('/api/callers/0197000001', 'DELETE');
    expect(erased).toEqual({ status: 200, json: { deleted: { profiles: 2, transcripts: 2, handoffContacts: 0, handoffMessages: 0, callbacks: 0, sessions: 0, messaging: 0 } } });
    expect(await store.getCaller(NUMBER)).toBeNull();
    expect(await store.getCaller(`preview:${NUMBER}`)).toBeNull();
    expect((await get('/api/transcripts')).json.map((t: Transcript) => t.sessionKey)).toEqual(['voice:c']);
    const [entry] = await store.listAudit({ limit: 1 });
    expect(entry).toMatchObject({ actor: 'ada', action: 'caller.erase', target: expect.stringMatching(/^caller:#[\w-]{12}$/) });
    expect(JSON.stringify(entry)).not.toContain('97000001');
    // Nor a digest anyone can compute from the number (every 10-digit number can be tried): keyed.
    const unkeyed = createHash('sha256').update(NUMBER).digest();
    for (const text of [unkeyed.toString('hex').slice(0, 12), unkeyed.toString('base64url').slice(0, 12)]) expect(JSON.stringify(entry)).not.toContain(text);
    expect((await get('/api/callers/0197000001', 'DELETE')).status).toBe(404);
  });

  it('asks for admin or supervisor to read, and admin to erase (enforced: test/accessControl.test.ts)', () => {
    expect(registry.routes.map((r) => [r.operationId, r.access])).toEqual([
      ['getCaller', ['admin', 'supervisor']],
      ['eraseCaller', ['admin']],
      ['listTranscripts', ['admin', 'supervisor']],
      ['getTranscript', ['admin', 'supervisor']],
    ]);
  });
});
