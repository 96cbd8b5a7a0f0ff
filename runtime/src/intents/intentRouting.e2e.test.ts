import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/helpers/testServer.ts';
import { listTestNumbers } from '../../test/helpers/testNumbers.ts';
import { startFakeOpenAi, type FakeOpenAi } from './testing/fakeOpenAi.ts';

/**
 * The demo's 1919 flow (flows/examples/1919-selfcare.json; its main menu has `understand: true`)
 * on the real server, a caller using their own words at the main menu: with the model, without
 * one, and with a model too slow to wait for.
 */
const CALLER = '+2290197000001';
const WORDS = 'ma puce est bloquée, je ne peux plus appeler';
const PUK_PATH = ['lookupSubscriber', 'pukReadout'];

const answer = (intent: string | null, confidence = 0.95) => ({ answer: { intent, confidence, slots: {} } });

async function atMainMenu(server: TestServer): Promise<{ say: (event: object) => Promise<{ status: number; body: any }> }> {
  const flowId = (await server.admin.get('/api/flows')).body[0].id as string;
  const start = { flowId, source: 'production', channel: 'voice', callerNumber: CALLER, useBackend: true };
  // A first call chooses French; the caller is then known and lands on the main menu.
  const first = await server.admin.post('/api/preview/sessions', start);
  await server.admin.post(`/api/preview/sessions/${first.body.id}/events`, { event: { type: 'digits', digits: '1' } });
  await server.admin.post(`/api/preview/sessions/${first.body.id}/events`, { event: { type: 'hangup' } });
  const started = await server.admin.post('/api/preview/sessions', start);
  expect(started.body.state.wait).toMatchObject({ node: 'mainMenu', for: 'caller' });
  return { say: (event) => server.admin.post(`/api/preview/sessions/${started.body.id}/events`, { event }) };
}

function expectPuk(turn: { status: number; body: any }): void {
  expect(turn.status).toBe(200);
  expect(turn.body.trace.nodes).toEqual(expect.arrayContaining(PUK_PATH));
  expect(turn.body.state.wait).toMatchObject({ node: 'pukMenu' });
}

describe('free words at the 1919 main menu', () => {
  describe('with a model configured', () => {
    let fake: FakeOpenAi;
    let server: TestServer;
    beforeAll(async () => {
      fake = await startFakeOpenAi();
      server = await startTestServer({ env: { GRIOT_DEMO: '1', GRIOT_LLM_MODEL: 'fake-model', OPENAI_BASE_URL: fake.baseURL } });
      // The preview calls the demo backend as CALLER: a test number.
      await listTestNumbers(server, [CALLER]);
    });
    afterAll(async () => {
      await server.stop();
      await fake.close();
    });

    it('reaches the PUK read-out when the model answers puk, having sent it the words only', async () => {
      fake.behave(answer('puk'));
      const menu = await atMainMenu(server);
      expectPuk(await menu.say({ type: 'speech', text: WORDS, confidence: 0.9 }));
      expect(fake.requests).toHaveLength(1);
      const sent = JSON.stringify(fake.requests[0]);
      expect(fake.requests[0]!.messages.at(-1).content).toBe(WORDS);
      expect(sent).not.toContain('0197000001');
    });

    it('follows the model over the fallback: the same words answered balance go to the balance', async () => {
      fake.behave(answer('balance'));
      const turn = await (await atMainMenu(server)).say({ type: 'text', text: WORDS });
      expect(turn.body.trace.nodes).toContain('balanceReadout');
      expect(turn.body.trace.nodes).not.toContain('pukReadout');
    });

    it('is still routed by the fallback when the model is slower than the menu waits (3 s)', async () => {
      fake.behave({ ...answer('balance'), delayMs: 10_000 });
      const menu = await atMainMenu(server);
      const began = performance.now();
      const turn = await menu.say({ type: 'speech', text: WORDS, confidence: 0.9 });
      expect(performance.now() - began).toBeLessThan(6000);
      expectPuk(turn);
    }, 20_000);

    it('is still routed by the fallback when the model fails', async () => {
      fake.behave({ status: 500 });
      expectPuk(await (await atMainMenu(server)).say({ type: 'text', text: WORDS }));
    });
  });

  describe('without a model', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ env: { GRIOT_DEMO: '1' } });
      // The preview calls the demo backend as CALLER: a test number.
      await listTestNumbers(server, [CALLER]);
    });
    afterAll(() => server.stop());

    it('reaches the PUK read-out through the fallback classifier alone', async () => {
      expectPuk(await (await atMainMenu(server)).say({ type: 'speech', text: WORDS, confidence: 0.9 }));
    });
  });
});
