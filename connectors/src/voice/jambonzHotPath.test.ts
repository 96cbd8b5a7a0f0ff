import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlowPort } from './testing/flowPort.ts';
import { voiceTestFlow } from './testing/voiceTestFlow.ts';
import { startVoiceTestServer, type VoiceTestServer } from './testing/voiceTestServer.ts';
import { callHookPayload, statusPayload } from './testing/jambonzPayloads.ts';
import { signJambonz } from './signature.ts';
import { SLOW_HOOK_MS } from './jambonzHotPath.ts';

// The webhooks answered ahead of express (jambonzHotPath): what jambonz sees must not differ
// from the express route's answers, and what the hot path does not take still reaches it.
const secret = 'jambonz-webhook-secret-for-tests';
const flow = voiceTestFlow();
const port = new FlowPort({ flow, bindings: [{ id: 'b', flowId: flow.id, address: '1919', settings: {} }] });
const lines: Array<{ level: string; message: string | undefined; durationMs?: number }> = [];
const logger = {
  info: (d: { durationMs?: number }, message?: string) => lines.push({ level: 'info', message, durationMs: d.durationMs }),
  warn: (_d: object, message?: string) => lines.push({ level: 'warn', message }),
  error: (_d: object, message?: string) => lines.push({ level: 'error', message }),
  debug() {},
};
let hot: VoiceTestServer;
let plain: VoiceTestServer;

beforeAll(async () => {
  hot = await startVoiceTestServer({ conversations: port, bindings: port, webhookSecret: secret, logger });
  plain = await startVoiceTestServer({ conversations: port, bindings: port, webhookSecret: secret, logger }, { hotPath: false });
});
afterAll(async () => {
  await hot.close();
  await plain.close();
});

const post = (base: string, path: string, body: string | Buffer, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
const signed = (body: string) => ({ 'jambonz-signature': signJambonz(secret, body) });

describe('jambonz webhooks ahead of express', () => {
  it('answers a signed call hook as the express route does: same status, type and verbs', async () => {
    const answers = [];
    for (const [base, sid] of [
      [hot.url, 'CA-hot'],
      [plain.url, 'CA-plain'],
    ] as const) {
      const body = JSON.stringify(callHookPayload({ callSid: sid, from: '+2290197000001', to: '1919' }));
      const res = await post(base, '/jambonz/call', body, signed(body));
      // Audio URLs name the host the request reached: the same once each server's own is taken out.
      answers.push({ status: res.status, type: res.headers.get('content-type'), verbs: (await res.text()).replaceAll(base, 'BASE').replaceAll(sid, 'SID') });
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]!.status).toBe(200);
    expect(answers[0]!.type).toBe('application/json; charset=utf-8');
  });

  it('refuses a forged signature and a body that is not JSON as the express route does', async () => {
    const body = JSON.stringify(callHookPayload({ callSid: 'CA-forged-hot', from: '+2290197000001', to: '1919' }));
    for (const base of [hot.url, plain.url]) {
      const forged = await post(base, '/jambonz/call', body, { 'jambonz-signature': signJambonz('not-the-secret', body) });
      expect(forged.status).toBe(403);
      expect(await forged.json()).toEqual({ error: { code: 'bad_signature', message: 'Jambonz-Signature mismatch' } });
      const notJson = await post(base, '/jambonz/call', '{"call_sid":', signed('{"call_sid":'));
      expect(notJson.status).toBe(400);
      expect(((await notJson.json()) as { error: { code: string } }).error.code).toBe('invalid_json');
    }
    expect(port.conversations.has('voice:CA-forged-hot')).toBe(false);
  });

  it('refuses a call hook with a malformed field Griot reads (400, the field named), and answers one whose unread fields are odd', async () => {
    const payload = callHookPayload({ callSid: 'CA-bad-to', from: '+2290197000001', to: '1919' });
    for (const base of [hot.url, plain.url]) {
      const body = JSON.stringify({ ...payload, to: 1919 });
      const res = await post(base, '/jambonz/call', body, signed(body));
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: { code: 'invalid_payload', message: 'to: Invalid input: expected string, received number' } });
    }
    expect(port.conversations.has('voice:CA-bad-to')).toBe(false);
    // SIP headers as a list, a numeric call id: jambonz's own business, which Griot never reads.
    const odd = { ...callHookPayload({ callSid: 'CA-odd-sip', from: '+2290197000001', to: '1919' }), sip: { headers: ['via: SIP/2.0/UDP'] }, call_id: 42, caller_name: { first: 'Koffi' } };
    const body = JSON.stringify(odd);
    const res = await post(hot.url, '/jambonz/call', body, signed(body));
    expect(res.status).toBe(200);
    expect(((await res.json()) as unknown[])[0]).toMatchObject({ verb: 'config' });
    expect(port.conversations.has('voice:CA-odd-sip')).toBe(true);
  });

  it('refuses a body over 512 kB with 413 without reading it into the handler', async () => {
    const body = JSON.stringify({ ...callHookPayload({ callSid: 'CA-huge', from: '+2290197000001', to: '1919' }), pad: 'x'.repeat(600 * 1024) });
    const res = await post(hot.url, '/jambonz/call', body, signed(body));
    expect(res.status).toBe(413);
    expect(port.conversations.has('voice:CA-huge')).toBe(false);
  });

  it('leaves a compressed body to the express route, which inflates it and checks the signature on what jambonz signed', async () => {
    const body = JSON.stringify(callHookPayload({ callSid: 'CA-gzip', from: '+2290197000001', to: '1919' }));
    const res = await post(hot.url, '/jambonz/call', gzipSync(body), { ...signed(body), 'content-encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as unknown[])[0]).toMatchObject({ verb: 'config' });
  });

  it('leaves unknown hooks and other methods to the application (404 from the route, not a hang)', async () => {
    const unknown = await post(hot.url, '/jambonz/nope', '{}', signed('{}'));
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('unknown_hook');
    expect((await fetch(`${hot.url}/jambonz/call`)).status).toBe(404);
  });

  it('writes no request line for a webhook answered quickly: refusals are logged where they are decided', async () => {
    lines.length = 0;
    const body = JSON.stringify(callHookPayload({ callSid: 'CA-quiet', from: '+2290197000001', to: '1919' }));
    expect((await post(hot.url, '/jambonz/call', body, signed(body))).status).toBe(200);
    // Only a hook slower than SLOW_HOOK_MS (a busy machine) keeps a line, which says so.
    expect(lines.filter((l) => l.message === 'request' && (l.durationMs ?? 0) < SLOW_HOOK_MS)).toEqual([]);
    expect((await post(hot.url, '/jambonz/call', body)).status).toBe(403);
    expect(lines.filter((l) => l.level === 'warn')).toHaveLength(1);
  });
});

describe("jambonz's call status on the hot path", () => {
  /** An engine whose `end` waits for `release()`, and for which only `quiet` contacts end with nothing left to record. */
  class HeldEnds extends FlowPort {
    readonly closed: Array<[string, string]> = [];
    readonly quiet = new Set<string>();
    release!: () => void;
    private readonly held = new Promise<void>((resolve) => (this.release = resolve));
    endsQuietly(key: string): boolean {
      return this.quiet.has(key);
    }
    override async end(key: string, reason: string) {
      this.closed.push([key, reason]);
      await this.held;
      return super.end(key, reason);
    }
  }
  const engine = new HeldEnds({ flow, bindings: [{ id: 'b', flowId: flow.id, address: '1919', settings: {} }] });
  let server: VoiceTestServer;
  beforeAll(async () => {
    server = await startVoiceTestServer({ conversations: engine, bindings: engine, webhookSecret: secret, logger });
  });
  afterAll(async () => {
    engine.release();
    await server.close();
  });
  const status = (callSid: string, callStatus: string, signal?: AbortSignal) => {
    const body = JSON.stringify(statusPayload({ callSid, from: '+2290197000001', to: '1919' }, {}, callStatus));
    return fetch(`${server.url}/jambonz/status`, { method: 'POST', headers: { 'content-type': 'application/json', ...signed(body) }, body, signal });
  };

  it('answers the final status of a contact already ended here at once, and closes it after the answer', async () => {
    engine.quiet.add('voice:CA-goodbye');
    // The engine is still busy with the close (a slow disk): jambonz has its 204 anyway, not the deadline's apology 9 s later.
    const answer = await status('CA-goodbye', 'completed', AbortSignal.timeout(3000));
    expect(answer.status).toBe(204);
    expect(engine.closed).toEqual([['voice:CA-goodbye', 'hangup']]);
    // A status that closes nothing (the call answered) owes only its answer too.
    expect((await status('CA-ringing', 'in-progress', AbortSignal.timeout(3000))).status).toBe(204);
    expect(engine.closed).toHaveLength(1);
  });

  it('answers a hang-up in mid-call only once its close is recorded, and still refuses a status that does not read', async () => {
    const answered = status('CA-hung-up', 'completed');
    const early = await Promise.race([answered.then(() => 'answered'), new Promise((resolve) => setTimeout(() => resolve('waiting'), 300))]);
    expect(early).toBe('waiting');
    expect(engine.closed).toContainEqual(['voice:CA-hung-up', 'hangup']);
    engine.release();
    expect((await answered).status).toBe(204);
    engine.quiet.add('voice:CA-odd');
    expect((await status('CA-odd', 'gone-fishing')).status).toBe(400);
    expect(engine.closed.filter(([key]) => key === 'voice:CA-odd')).toEqual([]);
  });
});
