import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CreateCallBody, JambonzCalls } from '@griot/connectors';
import { createLogger } from '../logger.ts';
import { openStore } from '../store/openStore.ts';
import { binding, createFlow, version } from '../store/contract/fixtures.ts';
import type { CallbackRequest, Store } from '../store/types.ts';
import { CallbacksOut } from './CallbacksOut.ts';
import { HandoffService } from './HandoffService.ts';

/** The request's state when jambonz's hooks and Griot's own bookkeeping cross. */
let dataDir: string;
let store: Store;
let handoff: HandoffService;
let ids = 0;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'griot-callbacks-out-'));
  store = await openStore({ dataDir });
  handoff = new HandoffService({ store, logger: createLogger({ logLevel: 'silent' }), now: () => new Date().toISOString(), newId: () => `id-${++ids}`, defaultTimezone: 'Africa/Porto-Novo' });
});
afterEach(async () => {
  await store.close();
  await rm(dataDir, { recursive: true, force: true });
});

const CONFIG = {
  api: { baseUrl: 'http://unused', accountSid: 'a', apiKey: 'k', timeoutMs: 100 },
  from: '+22921300000',
  agentTarget: 'user:{{agent}}',
  ringSeconds: 30,
  speech: { vendor: 'google', language: 'fr-FR', voice: 'fr-FR-Wavenet-A' },
  publicUrl: 'https://griot.example.bj',
};

async function takenRequest(extra: Partial<CallbackRequest> = {}): Promise<CallbackRequest> {
  const now = new Date().toISOString();
  const request: CallbackRequest = {
    id: `cb-${++ids}`,
    number: '+2290197000003',
    queue: 'support-fr',
    locale: 'fr',
    reason: 'Conseiller',
    context: { flowId: 'gone', flowVersion: 1, variables: { segment: 'vip' } },
    requestedAt: now,
    status: 'taken',
    attempts: 1,
    agent: 'awa',
    updatedAt: now,
    ...extra,
  };
  await store.putCallbackRequest(request);
  return request;
}

/** jambonz accepts the call; `during` runs before Griot hears back (its hooks racing the answer). */
function jambonz(during: (sid: string, body: CreateCallBody) => Promise<void> = async () => {}): { calls: CreateCallBody[]; client: JambonzCalls } {
  const calls: CreateCallBody[] = [];
  const client = {
    create: async (body: CreateCallBody) => {
      calls.push(body);
      const sid = `call-${calls.length}`;
      await during(sid, body);
      return { sid };
    },
  } as unknown as JambonzCalls;
  return { calls, client };
}

describe('callbacks out', () => {
  it('keeps a failure jambonz reports before the placing is written down', async () => {
    const request = await takenRequest();
    let out!: CallbacksOut;
    const { client } = jambonz((sid) => out.port.ended({ id: request.id, attempt: 1, callSid: sid, outcome: 'failed', detail: 'SIP 503' }));
    out = new CallbacksOut(handoff, CONFIG, client);
    expect(await out.place(request)).toMatchObject({ status: 'failed', lastCall: { status: 'failed', reason: 'call_failed', sid: 'call-1', detail: 'SIP 503' } });
  });

  it('keeps an early answer over the previous attempt’s call, and ends it completed', async () => {
    const request = await takenRequest({ attempts: 2, lastCall: { status: 'failed', attempt: 1, sid: 'old', at: new Date().toISOString(), reason: 'no_answer' } });
    let out!: CallbacksOut;
    const { client } = jambonz(async (sid) => {
      expect(await out.port.answered({ id: request.id, attempt: 2, callSid: sid })).toEqual({ agentTarget: { type: 'user', name: 'awa' } });
    });
    out = new CallbacksOut(handoff, CONFIG, client);
    expect(await out.place(request)).toMatchObject({ status: 'taken', lastCall: { status: 'answered', attempt: 2, sid: 'call-1' } });
    await out.port.ended({ id: request.id, attempt: 1, callSid: 'old', outcome: 'busy' });
    await out.port.ended({ id: request.id, attempt: 2, callSid: 'call-1', outcome: 'completed' });
    expect(await store.getCallbackRequest(request.id)).toMatchObject({ status: 'taken', lastCall: { status: 'completed', sid: 'call-1' } });
  });

  it('leaves variables the flow declares sensitive, and secrets, out of the tag; calls from the flow’s voice binding', async () => {
    await createFlow(store, 'selfcare');
    const first = version('selfcare', 'v1');
    await store.addVersion({ ...first, document: { ...first.document, variables: [{ name: 'puk', type: 'string', sensitive: true, persist: false }] } });
    await store.putBinding({ ...binding('b-1919', 'selfcare', 'voice', '1919'), settings: { callbackFrom: '+22921309999' } });
    const { calls, client } = jambonz();
    const placed = await new CallbacksOut(handoff, CONFIG, client).place(
      await takenRequest({ context: { flowId: 'selfcare', flowVersion: 1, variables: { segment: 'vip', puk: '12345678', 'secret.TOKEN': 'x' } } }),
    );
    expect(placed.lastCall).toMatchObject({ status: 'placed', from: '+22921309999' });
    expect((calls[0]!.tag.griotCallback as { variables: unknown }).variables).toEqual({ segment: 'vip' });
    expect(JSON.stringify(calls[0])).not.toContain('12345678');
  });

  it('fails clearly without a caller ID', async () => {
    const { calls, client } = jambonz();
    const { from: _from, ...noFrom } = CONFIG;
    const failed = await new CallbacksOut(handoff, noFrom, client).place(await takenRequest());
    expect(failed).toMatchObject({ status: 'failed', lastCall: { reason: 'not_configured', detail: expect.stringContaining('GRIOT_CALLBACK_FROM') } });
    expect(calls).toEqual([]);
  });
});
