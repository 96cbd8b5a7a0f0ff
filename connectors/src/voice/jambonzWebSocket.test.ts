import { askUpgrade } from './testing/askUpgrade.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { FlowPort } from './testing/flowPort.ts';
import { voiceTestFlow } from './testing/voiceTestFlow.ts';
import { startVoiceTestServer, type VoiceTestServer } from './testing/voiceTestServer.ts';
import { callHookPayload, statusPayload } from './testing/jambonzPayloads.ts';
import { assertJambonzAccepts } from './testing/jambonzOracles.ts';
import { JAMBONZ_WS_PATH, MAX_FRAMES_IN_FLIGHT } from './jambonzWebSocket.ts';
import type { StartConversation } from '../channel/ConversationPort.ts';

const flow = voiceTestFlow();
const port = new FlowPort({ flow, bindings: [{ id: 'b', flowId: flow.id, address: '1919', settings: {} }] });
const auth = { username: 'jambonz', password: 'ws-password-for-tests' };
let server: VoiceTestServer;

beforeAll(async () => {
  server = await startVoiceTestServer({ conversations: port, bindings: port, wsAuth: auth });
});
afterAll(() => server.close());

type Frame = { type: string; msgid?: string; data?: unknown[] };

async function connect(options: { protocols?: string[]; auth?: string } = {}): Promise<{ ws: WebSocket; frames: Frame[]; next: (ms?: number) => Promise<Frame | undefined> }> {
  const ws = new WebSocket(server.wsUrl, options.protocols ?? ['ws.jambonz.org'], { auth: options.auth ?? `${auth.username}:${auth.password}` });
  const frames: Frame[] = [];
  const waiters: Array<(f: Frame) => void> = [];
  ws.on('message', (raw) => {
    const frame = JSON.parse(raw.toString()) as Frame;
    const waiter = waiters.shift();
    if (waiter) waiter(frame);
    else frames.push(frame);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(String(res.statusCode))));
    ws.once('error', reject);
  });
  const next = (ms = 1000) =>
    new Promise<Frame | undefined>((resolve) => {
      const queued = frames.shift();
      if (queued) return resolve(queued);
      const timer = setTimeout(() => resolve(undefined), ms);
      waiters.push((f) => {
        clearTimeout(timer);
        resolve(f);
      });
    });
  return { ws, frames, next };
}

const send = (ws: WebSocket, frame: Record<string, unknown>) => ws.send(JSON.stringify(frame));
const identity = (callSid: string) => ({ callSid, from: '+2290197000001', to: '1919' });

describe('jambonz WebSocket API', () => {
  it('speaks only ws.jambonz.org, and only with the right credentials', async () => {
    await expect(connect({ protocols: ['other'] })).rejects.toThrow('400');
    await expect(connect({ auth: 'jambonz:wrong' })).rejects.toThrow('401');
    const { ws } = await connect();
    expect(ws.protocol).toBe('ws.jambonz.org');
    ws.close();
  });

  it('refuses an upgrade asked of any other path (404) instead of leaving its socket open, unanswered', async () => {
    const other = await startVoiceTestServer({ conversations: port, bindings: port, wsAuth: auth });
    for (const path of [`${JAMBONZ_WS_PATH}/`, '/JAMBONZ/WS', '/healthz']) expect(await askUpgrade(other.url, path), path).toBe('HTTP/1.1 404 Not Found');
    // Nothing of them holds the server's stop.
    const stopped = await Promise.race([other.close().then(() => 'stopped'), new Promise((resolve) => setTimeout(() => resolve('still waiting'), 3000))]);
    expect(stopped).toBe('stopped');
  });

  it('acks session:new with its msgid and the first verbs', async () => {
    const { ws, next } = await connect();
    send(ws, { type: 'session:new', msgid: 'm-1', call_sid: 'CA-ws-1', data: callHookPayload(identity('CA-ws-1')) });
    const ack = await next();
    expect(ack).toMatchObject({ type: 'ack', msgid: 'm-1' });
    assertJambonzAccepts(ack?.data);
    expect(ack?.data?.at(-1)).toMatchObject({ verb: 'gather', actionHook: '/jambonz/gather' });
    ws.close();
  });

  it('ignores a malformed frame, keeps the socket, and answers the next one', async () => {
    const { ws, next } = await connect();
    ws.send('{not json');
    send(ws, { msgid: 'no-type' });
    send(ws, { type: 'session:new', msgid: 'm-2', call_sid: 'CA-ws-2', data: callHookPayload(identity('CA-ws-2')) });
    expect(await next()).toMatchObject({ type: 'ack', msgid: 'm-2' });
    ws.close();
  });

  it('ends only its own call, politely, when a payload is invalid or names no known hook', async () => {
    const { ws, next } = await connect();
    send(ws, { type: 'session:new', msgid: 'm-3', call_sid: 'CA-ws-3', data: { call_sid: 'CA-ws-3', from: '+2290197000001' } });
    const ack = await next();
    expect(ack).toMatchObject({ type: 'ack', msgid: 'm-3', data: [{ verb: 'say' }, { verb: 'hangup' }] });
    send(ws, { type: 'verb:hook', msgid: 'm-4', call_sid: 'CA-ws-3', hook: '/somewhere/else', data: {} });
    expect(await next()).toMatchObject({ type: 'ack', msgid: 'm-4', data: [{ verb: 'say' }, { verb: 'hangup' }] });
    ws.close();
  });

  it('does not ack call:status, and ends the conversation on the final status', async () => {
    const { ws, next } = await connect();
    send(ws, { type: 'session:new', msgid: 'm-5', call_sid: 'CA-ws-5', data: callHookPayload(identity('CA-ws-5')) });
    const ack = await next();
    const tag = ack?.data?.find((v) => (v as { verb: string }).verb === 'tag') as { data: Record<string, unknown> };
    send(ws, { type: 'call:status', msgid: 'm-6', call_sid: 'CA-ws-5', data: statusPayload(identity('CA-ws-5'), tag.data, 'completed') });
    expect(await next(300)).toBeUndefined();
    expect(port.ended.get('voice:CA-ws-5')).toBe('hangup');
    ws.close();
  });

  it('resumes on session:reconnect: nothing to repeat when the first answer arrived, the first answer for a call it never saw', async () => {
    const first = await connect();
    send(first.ws, { type: 'session:new', msgid: 'm-7', call_sid: 'CA-ws-7', data: callHookPayload(identity('CA-ws-7')) });
    await first.next();
    first.ws.terminate();
    const second = await connect();
    send(second.ws, { type: 'session:reconnect', msgid: 'm-8', call_sid: 'CA-ws-7', data: callHookPayload(identity('CA-ws-7')) });
    expect(await second.next()).toEqual({ type: 'ack', msgid: 'm-8', data: [] });
    // A call this instance never answered (its session:new went to a Griot that is gone).
    send(second.ws, { type: 'session:reconnect', msgid: 'm-9', call_sid: 'CA-ws-9', data: callHookPayload(identity('CA-ws-9')) });
    const resumed = await second.next();
    expect(resumed).toMatchObject({ type: 'ack', msgid: 'm-9' });
    expect(resumed?.data?.at(-1)).toMatchObject({ verb: 'gather' });
    second.ws.close();
  });

  it('pings every socket and closes one that stopped answering (a feature server gone without closing); one that answers stays', { timeout: 20_000 }, async () => {
    const quick = await startVoiceTestServer({ conversations: port, bindings: port, wsAuth: auth }, { heartbeatMs: 50 });
    // Pings and the close are counted from the socket's creation: a heartbeat can fall while the
    // second socket opens (a loaded machine), and a ping heard before its listener would go uncounted.
    const open = (autoPong: boolean) =>
      new Promise<{ ws: WebSocket; pings: () => number; closed: () => boolean }>((resolve, reject) => {
        const ws = new WebSocket(quick.wsUrl, ['ws.jambonz.org'], { auth: `${auth.username}:${auth.password}`, autoPong });
        let pings = 0;
        let closed = false;
        ws.on('ping', () => pings++);
        ws.on('close', () => (closed = true));
        ws.once('open', () => resolve({ ws, pings: () => pings, closed: () => closed }));
        ws.once('error', reject);
      });
    try {
      const gone = await open(false);
      const alive = await open(true);
      await expect.poll(gone.closed, { timeout: 10_000 }).toBe(true);
      expect(gone.pings()).toBe(2);
      // The one answering is pinged on and kept.
      const then = alive.pings();
      await expect.poll(alive.pings, { timeout: 10_000 }).toBeGreaterThan(then + 3);
      expect(alive.ws.readyState).toBe(WebSocket.OPEN);
      alive.ws.close();
    } finally {
      await quick.close();
    }
  });

  it(`answers at most ${MAX_FRAMES_IN_FLIGHT} frames of one socket at once; more hear the apology at once (not jambonz's 5 s and a hang-up), the socket and the answers go on`, {
    timeout: 20_000,
  }, async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    class HeldPort extends FlowPort {
      override async start(input: StartConversation) {
        await gate;
        return super.start(input);
      }
    }
    const held = new HeldPort({ flow, bindings: [{ id: 'b', flowId: flow.id, address: '1919', settings: {} }] });
    const refused: unknown[] = [];
    const logger = { info() {}, debug() {}, error() {}, warn: (details: { reason?: string }) => details.reason === 'tooManyFramesInFlight' && refused.push(details) };
    const flooded = await startVoiceTestServer({ conversations: held, bindings: held, wsAuth: auth, logger });
    try {
      const ws = new WebSocket(flooded.wsUrl, ['ws.jambonz.org'], { auth: `${auth.username}:${auth.password}` });
      const acks = new Map<string, Array<{ verb: string; text?: string }>>();
      ws.on('message', (raw) => {
        const frame = JSON.parse(raw.toString()) as Frame;
        acks.set(String(frame.msgid), frame.data as Array<{ verb: string }>);
      });
      await new Promise((resolve) => ws.once('open', resolve));
      const total = MAX_FRAMES_IN_FLIGHT + 8;
      for (let i = 0; i < total; i++) send(ws, { type: 'session:new', msgid: `m-${i}`, call_sid: `CA-flood-${i}`, data: callHookPayload(identity(`CA-flood-${i}`)) });
      // The 8 past the limit are answered at once, while the first ones still wait: an apology and a hang-up.
      await expect.poll(() => acks.size, { timeout: 10_000 }).toBe(8);
      expect(refused).toHaveLength(8);
      for (let i = MAX_FRAMES_IN_FLIGHT; i < total; i++) {
        expect(acks.get(`m-${i}`)?.map((v) => v.verb)).toEqual(['say', 'hangup']);
        expect(acks.get(`m-${i}`)?.[0]?.text).toContain('momentanément indisponible');
      }
      release();
      await expect.poll(() => acks.size, { timeout: 10_000 }).toBe(total);
      for (let i = 0; i < MAX_FRAMES_IN_FLIGHT; i++) expect(acks.get(`m-${i}`)?.at(-1)).toMatchObject({ verb: 'gather' });
      // Room again: the next frame is answered.
      send(ws, { type: 'session:new', msgid: 'm-after', call_sid: 'CA-flood-after', data: callHookPayload(identity('CA-flood-after')) });
      await expect.poll(() => acks.get('m-after')?.at(-1), { timeout: 10_000 }).toMatchObject({ verb: 'gather' });
      ws.close();
    } finally {
      await flooded.close();
    }
  });

  it('stops counting a frame once its ack is sent: calls waiting on a slow look-up leave room for the next ones', { timeout: 20_000 }, async () => {
    let release: () => void = () => {};
    const lookup = new Promise<void>((resolve) => (release = resolve));
    // Each call's first answer is sent with a look-up still running: the continuation waits for it.
    class SlowLookupPort extends FlowPort {
      override async start(input: StartConversation) {
        return { ...(await super.start(input)), pendingWebhook: { node: 'lookup' } };
      }
      override async awaitPending() {
        await lookup;
        return null;
      }
    }
    const slow = new SlowLookupPort({ flow, bindings: [{ id: 'b', flowId: flow.id, address: '1919', settings: {} }] });
    const refused: unknown[] = [];
    const logger = { info() {}, debug() {}, error() {}, warn: (details: { reason?: string }) => details.reason === 'tooManyFramesInFlight' && refused.push(details) };
    const busy = await startVoiceTestServer({ conversations: slow, bindings: slow, wsAuth: auth, logger });
    try {
      const ws = new WebSocket(busy.wsUrl, ['ws.jambonz.org'], { auth: `${auth.username}:${auth.password}` });
      const acks = new Map<string, Array<{ verb: string }>>();
      ws.on('message', (raw) => {
        const frame = JSON.parse(raw.toString()) as Frame;
        if (frame.type === 'ack') acks.set(String(frame.msgid), frame.data as Array<{ verb: string }>);
      });
      await new Promise((resolve) => ws.once('open', resolve));
      const total = MAX_FRAMES_IN_FLIGHT + 8;
      for (let i = 0; i < MAX_FRAMES_IN_FLIGHT; i++) send(ws, { type: 'session:new', msgid: `m-${i}`, call_sid: `CA-slow-${i}`, data: callHookPayload(identity(`CA-slow-${i}`)) });
      await expect.poll(() => acks.size, { timeout: 10_000 }).toBe(MAX_FRAMES_IN_FLIGHT);
      // Their look-ups still run; 8 more calls are answered as the first ones were, none refused.
      for (let i = MAX_FRAMES_IN_FLIGHT; i < total; i++) send(ws, { type: 'session:new', msgid: `m-${i}`, call_sid: `CA-slow-${i}`, data: callHookPayload(identity(`CA-slow-${i}`)) });
      await expect.poll(() => acks.size, { timeout: 10_000 }).toBe(total);
      expect(refused).toEqual([]);
      const verbs = (msgid: string) => acks.get(msgid)?.map((v) => v.verb);
      expect(verbs('m-0')).not.toContain('hangup');
      for (let i = MAX_FRAMES_IN_FLIGHT; i < total; i++) expect(verbs(`m-${i}`)).toEqual(verbs('m-0'));
      release();
      ws.close();
    } finally {
      release();
      await busy.close();
    }
  });
});
