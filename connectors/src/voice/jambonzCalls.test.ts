import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JambonzApiError, JambonzCalls, jambonzApiRoot, type CreateCallBody } from './jambonzCalls.ts';
import { startFakeJambonzApi, type FakeJambonzApi } from './testing/fakeJambonzApi.ts';
import { startRedirectTrap } from '../http/testing/redirectTrap.ts';

const ACCOUNT = '9351f46a-678c-43f5-b8a6-d4eb58d131af';
const KEY = 'b2ab2cc5-6d3c-4d0a-8c2e-4b8b2f8f6e11';
let fake: FakeJambonzApi;

beforeAll(async () => {
  fake = await startFakeJambonzApi({ accountSid: ACCOUNT, apiKey: KEY });
});
afterAll(() => fake.close());

const body = (extra: Partial<CreateCallBody> = {}): CreateCallBody => ({
  from: '+22921300000',
  to: { type: 'phone', number: '+2290197000003' },
  call_hook: { url: 'https://griot.example.bj/jambonz/callback/answer', method: 'POST' },
  call_status_hook: { url: 'https://griot.example.bj/jambonz/callback/status', method: 'POST' },
  tag: { griotCallback: { id: 'cb-1' } },
  timeout: 30,
  speech_synthesis_vendor: 'google',
  speech_synthesis_language: 'fr-FR',
  speech_synthesis_voice: 'fr-FR-Wavenet-A',
  speech_recognizer_vendor: 'google',
  speech_recognizer_language: 'fr-FR',
  ...extra,
});

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as JambonzApiError,
  );

describe('placing calls through the jambonz REST API', () => {
  it('takes the API base with or without /v1', () => {
    expect(jambonzApiRoot('https://jambonz.example')).toBe('https://jambonz.example/v1');
    expect(jambonzApiRoot('https://jambonz.example/v1/')).toBe('https://jambonz.example/v1');
  });

  it('posts the call with the bearer key and returns jambonz’s call sid', async () => {
    const calls = new JambonzCalls({ baseUrl: `${fake.url}/v1`, accountSid: ACCOUNT, apiKey: KEY });
    const { sid } = await calls.create(body());
    expect(fake.calls.at(-1)).toMatchObject({ sid, body: { from: '+22921300000', to: { type: 'phone', number: '+2290197000003' } } });
  });

  it('says jambonz refused a wrong key, a wrong account or a body it does not accept, with jambonz’s reason', async () => {
    const wrongKey = await failure(new JambonzCalls({ baseUrl: fake.url, accountSid: ACCOUNT, apiKey: 'nope' }).create(body()));
    expect(wrongKey).toMatchObject({ kind: 'refused', status: 401 });
    const wrongAccount = await failure(new JambonzCalls({ baseUrl: fake.url, accountSid: 'other', apiKey: KEY }).create(body()));
    expect(wrongAccount).toMatchObject({ kind: 'refused', status: 403, message: expect.stringContaining('insufficient permissions') });
    const calls = new JambonzCalls({ baseUrl: fake.url, accountSid: ACCOUNT, apiKey: KEY });
    const noVoice = await failure(calls.create(body({ speech_synthesis_voice: '' })));
    expect(noVoice).toMatchObject({ kind: 'refused', status: 400, message: expect.stringContaining('speech_synthesis_voice') });
    const relativeHook = await failure(calls.create(body({ call_hook: { url: '/jambonz/callback/answer', method: 'POST' } })));
    expect(relativeHook.message).toContain('absolute url');
  });

  it('says jambonz is unavailable on 5xx, 480 and when it is too slow, and never posts twice', async () => {
    // The answers jambonz gives are read with the default time limit (a busy machine may take more than
    // 150 ms to answer at all); only the slow answer is met with a short one.
    const calls = new JambonzCalls({ baseUrl: fake.url, accountSid: ACCOUNT, apiKey: KEY });
    const impatient = new JambonzCalls({ baseUrl: fake.url, accountSid: ACCOUNT, apiKey: KEY, timeoutMs: 150 });
    const before = fake.requests.length;
    fake.failNext({ status: 503 });
    expect(await failure(calls.create(body()))).toMatchObject({ kind: 'unavailable', status: 503 });
    fake.failNext({ status: 480, body: { msg: 'no available feature servers at this time' } });
    expect((await failure(calls.create(body()))).message).toContain('no available feature servers');
    fake.failNext({ delayMs: 600 });
    expect(await failure(impatient.create(body()))).toMatchObject({ kind: 'unavailable', message: expect.stringContaining('within 150 ms') });
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(fake.requests.length - before).toBe(3);
  });

  it('follows no redirect: a 307 or 308 would resend the API key and the subscriber’s number wherever the API pointed', async () => {
    for (const status of [307, 308, 302] as const) {
      const trap = await startRedirectTrap(status);
      try {
        const calls = new JambonzCalls({ baseUrl: trap.url, accountSid: ACCOUNT, apiKey: KEY });
        const error = await failure(calls.create(body()));
        expect(error).toMatchObject({ kind: 'refused', status, message: expect.stringContaining('redirect') });
        expect(trap.collected).toEqual([]);
      } finally {
        await trap.close();
      }
    }
  });
});
