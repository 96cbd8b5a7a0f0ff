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
    expect(erased).toEqual({ status: 200, json: { deleted: { profiles: 2, transcripts: 2, handoffContacts: 0, handoffMessages: 0, callbacks: 0, sessions: 0, messaging: 0, analyticsFacts: 0 } } });
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

  it('shows an administrator the previews they started, never another user’s, and no web chat visitor’s conversation id', async () => {
    const startedAt = '2026-03-02T10:00:00.000Z';
    await store.startTranscript({ ...transcript('preview:u1:p-mine', NUMBER, 'tests', startedAt), preview: true });
    await store.startTranscript({ ...transcript('preview:u2:p-theirs', NUMBER, 'tests', '2026-03-02T10:01:00.000Z'), preview: true });
    await store.startTranscript({ ...transcript('preview:u10:p-prefix', NUMBER, 'tests', '2026-03-02T10:02:00.000Z'), preview: true });
    const listed = await get('/api/transcripts?flow=tests');
    expect(listed.json.map((t: Transcript) => t.sessionKey)).toEqual(['preview:u1:p-mine']);
    expect((await get('/api/transcripts/preview%3Au1%3Ap-mine')).status).toBe(200);
    const theirs = await get('/api/transcripts/preview%3Au2%3Ap-theirs');
    expect(theirs.status).toBe(404);
    expect(theirs.json.error.code).toBe('transcript_not_found');

    // The web chat visitor's conversation id is their only credential: a digest stands for it, the same on every read.
    const conversationId = 'k3v9Qw7ZpL2mXc8RtY4nB6';
    await store.startTranscript({ ...transcript(`webchat:b-site:${conversationId}`, `webchat:${conversationId.slice(0, 12)}`, 'site', startedAt), channel: 'webchat' });
    await store.appendTurn(`webchat:b-site:${conversationId}`, {
      at: startedAt,
      input: { type: 'text', text: 'bonjour' },
      prompts: [`Votre dossier webchat:${conversationId.slice(0, 12)}`],
      nodes: ['start'],
      effects: ['say'],
      durationMs: 1,
    });
    const chats = await get('/api/transcripts?flow=site');
    expect(chats.json).toHaveLength(1);
    expect(JSON.stringify(chats.json)).not.toContain(conversationId.slice(0, 8));
    expect(chats.json[0]).toMatchObject({ sessionKey: expect.stringMatching(/^webchat:b-site:#[0-9a-f]{12}$/), callerNumber: chats.json[0].sessionKey.slice('webchat:b-site:'.length) });
    expect((await get('/api/transcripts?flow=site')).json[0].sessionKey).toBe(chats.json[0].sessionKey);
    const one = await get(`/api/transcripts/${encodeURIComponent(`webchat:b-site:${conversationId}`)}`);
    expect(one.json.sessionKey).toBe(chats.json[0].sessionKey);
    expect(JSON.stringify(one.json)).not.toContain(conversationId.slice(0, 8));
  });
});
