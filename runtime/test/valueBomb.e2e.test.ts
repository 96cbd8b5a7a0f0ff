import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSessionId, postUssd } from '@griot/connectors/ussd/testing';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';

const TOKEN = 'e2e-value-bomb-token-0123456789ab';
const BOMB = 'doubling';
const FAT = 'fat-session';

/** A draft: start → one set node with these assignments → "ok {{s}}" → end, on a locale with speech. */
function draft(id: string, assignments: Array<Record<string, string>>, variables: string[]) {
  return {
    schemaVersion: 2,
    id,
    name: id,
    locales: [{ code: 'fr', name: 'Français', tts: { vendor: 'google' }, asr: null }],
    variables: variables.map((name) => ({ name, type: 'string' })),
    nodes: [
      { id: 'start', type: 'start' },
      { id: 'grow', type: 'set', assignments },
      { id: 'say', type: 'message', prompt: { fr: { text: 'ok {{s}}' } } },
      { id: 'bye', type: 'end', reason: 'served' },
    ],
    edges: [
      { id: 'e1', source: 'start', output: 'next', target: 'grow' },
      { id: 'e2', source: 'grow', output: 'next', target: 'say' },
      { id: 'e3', source: 'say', output: 'next', target: 'bye' },
    ],
  };
}

const doubling = (times: number) => [{ variable: 's', value: 'x'.repeat(2000) }, ...Array.from({ length: times }, () => ({ variable: 's', expression: 's + s' }))];

async function dbBytes(server: TestServer): Promise<number> {
  let total = 0;
  for (const file of ['griot.db', 'griot.db-wal']) total += (await stat(join(server.dataDir, file)).catch(() => ({ size: 0 }))).size;
  return total;
}

/**
 * Security review: a draft doubling a string 17 times passed lint; previewing it built a 262 MB
 * prompt, froze the server for a minute (USSD subscribers unanswered) and grew griot.db by
 * 500 MB per preview. The real server over HTTP, the demo's *919# for a subscriber meanwhile.
 */
describe("a tester's value bomb does not reach production subscribers or the disk", () => {
  let server: TestServer;
  let editor: ApiClient;

  beforeAll(async () => {
    server = await startTestServer({ env: { GRIOT_DEMO: '1', USSD_CALLBACK_TOKEN: TOKEN } });
    editor = await userWithRoles(server, 'eddie', ['editor']);
    const lint = await editor.post('/api/flows', { document: draft(BOMB, doubling(17), ['s']) });
    expect(lint.status).toBe(201);
    // Ten variables of 64,000 characters each: every value within the limit, the session not.
    const copies = Array.from({ length: 9 }, (_, i) => ({ variable: `t${i}`, expression: 's' }));
    expect((await editor.post('/api/flows', { document: draft(FAT, [...doubling(5), ...copies], ['s', ...copies.map((c) => c.variable)]) })).status).toBe(201);
  });
  afterAll(() => server?.stop());

  const preview = (flowId: string, n: number) => editor.post('/api/preview/sessions', { flowId, source: 'draft', channel: 'webchat', callerNumber: `+22901970077${String(n).padStart(2, '0')}` });

  it('ends the preview on its error path with a readable issue, while a USSD subscriber is answered at once, and the database stays small', async () => {
    const before = await dbBytes(server);
    const subscriber = newSessionId();
    const began = performance.now();
    // Three previews of the bomb and a subscriber dialling *919#, all at once.
    const [ussd, ...previews] = await Promise.all([
      postUssd(server.url, { sessionId: subscriber, serviceCode: '*919#', phoneNumber: '+2290197000002', text: '' }, { token: TOKEN }).then((r) => ({ ...r, ms: performance.now() - began })),
      preview(BOMB, 1),
      preview(BOMB, 2),
      preview(BOMB, 3),
    ]);
    expect(ussd.status).toBe(200);
    expect(ussd.screen).toContain('Pour le français');
    // Before: 41–60 s without an answer. Generous for a loaded test machine.
    expect(ussd.ms).toBeLessThan(5000);
    for (const p of previews) {
      expect(p.status).toBe(201);
      expect(p.body.issues).toContainEqual(expect.objectContaining({ severity: 'error', code: 'value.tooLarge', node: 'grow' }));
      expect(p.body.effects).toContainEqual({ type: 'end', reason: 'error', node: 'grow' });
      expect(p.body.state).toMatchObject({ status: 'ended', endReason: 'error' });
      expect(JSON.stringify(p.body).length).toBeLessThan(200_000);
    }
    expect(performance.now() - began).toBeLessThan(10_000);
    // 0.9 MB → 1.05 GB after two previews, before.
    expect((await dbBytes(server)) - before).toBeLessThan(2_000_000);
  });

  it('refuses to store a session whose variables together are larger than a session may keep, and ends the contact on its error path', async () => {
    const before = await dbBytes(server);
    const started = await preview(FAT, 4);
    expect(started.status).toBe(201);
    // Checked once the step is done (here at its end node), before anything is stored.
    expect(started.body.issues).toContainEqual(expect.objectContaining({ severity: 'error', code: 'session.tooLarge', node: 'bye' }));
    expect(started.body.effects.at(-1)).toEqual({ type: 'end', reason: 'error', node: 'bye' });
    expect(started.body.effects.filter((e: { type: string }) => e.type === 'end')).toHaveLength(1);
    expect(started.body.state).toMatchObject({ status: 'ended', endReason: 'error', vars: {} });
    expect((await dbBytes(server)) - before).toBeLessThan(500_000);
  });
});
