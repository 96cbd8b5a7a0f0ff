import { FakeOperator, OPERATOR_SECRET } from './helpers/fakeOperator.ts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { postWebhook, startFakeGraphServer, whatsappWebhooks, type FakeGraphServer } from '@griot/connectors/messaging/testing';
import { newSessionId, postUssd, readScreen, type GatewayAnswer } from '@griot/connectors/ussd/testing';
import { FakeSmsc } from '@griot/connectors/sms/testing';
import { outsideGsm7 } from '@griot/flows';
import { startTestServer, type TestServer } from './helpers/testServer.ts';

const TOKEN = 'e2e-ussd-callback-token-0123456';
const DATA_KEY = `2026-12:${Buffer.alloc(32, 7).toString('base64')}`;

let server: TestServer;
beforeAll(async () => {
  // The demo: the 1919 flow bound to *919#, the demo operator backend answering look-ups.
  server = await startTestServer({ env: { GRIOT_DEMO: '1', USSD_CALLBACK_TOKEN: TOKEN, GRIOT_DATA_KEY: DATA_KEY } });
});
afterAll(() => server?.stop());

/** A subscriber dialling a service code: each request carries every answer so far, as Africa's Talking sends them. */
function dial(number: string, serviceCode = '*919#') {
  const sessionId = newSessionId();
  const answers: string[] = [];
  return {
    sessionId,
    async type(answer?: string): Promise<GatewayAnswer> {
      if (answer !== undefined) answers.push(answer);
      const reply = await postUssd(server.url, { sessionId, serviceCode, phoneNumber: number, text: answers.join('*') }, { token: TOKEN });
      expect(reply.status).toBe(200);
      for (const line of reply.screen.split('\n')) expect(line.length).toBeLessThanOrEqual(182);
      expect(reply.screen.length).toBeLessThanOrEqual(182);
      return reply;
    },
  };
}

/**
 * A closing turn's screens, paged with 00 to the last (`END`): the one that says the look-up's
 * answer follows holds a character GSM 03.38 lacks, so it is paged at 80 characters.
 */
async function closingScreens(send: (text: string) => Promise<GatewayAnswer>, text: string, first: GatewayAnswer): Promise<GatewayAnswer> {
  let answer = first;
  for (let typed = text; answer.kind === 'CON' && readScreen(answer.screen).hasNext; ) {
    expect(answer.screen.length).toBeLessThanOrEqual(outsideGsm7(answer.screen).length > 0 ? 80 : 182);
    typed = `${typed}*00`;
    answer = await send(typed);
  }
  return answer;
}

describe('USSD on the demo service code *919#', () => {
  it('takes +2290197000002 to the balance in English, and the next time in English without asking', async () => {
    const first = dial('+2290197000002');
    const language = await first.type();
    expect(language).toMatchObject({ kind: 'CON' });
    expect(language.screen).toContain('For English, press 2.');
    // English: the welcome, the main menu's question and its options on one screen, no paging.
    const welcome = await first.type('2');
    expect(welcome.screen).toMatch(/^Welcome to 1919, Griot Telecom customer service\.\n\nChoose a service:\n\n1\. PUK code\n2\. Balance\n3\. Mobile Money\n4\. Speak to an agent$/);
    expect(readScreen(welcome.screen)).toMatchObject({ hasNext: false });
    // `2*2`: English, then the balance.
    const balance = await first.type('2');
    expect(balance.kind).toBe('CON');
    expect(balance.screen).toMatch(/^Your airtime balance is 48000 CFA francs\. You have 20 Go of data left\./);

    // Remembered by number: the next session starts in English, the balance one key away.
    const again = dial('+2290197000002');
    const opened = await again.type();
    expect(opened.screen).toMatch(/^Welcome to 1919/);
    expect(opened.screen).not.toContain('Pour le français');
    expect((await again.type('2')).screen).toMatch(/^Your airtime balance is 48000 CFA francs\./);

    const profile = await server.store.getCaller('+2290197000002');
    expect(profile).toMatchObject({ preferredLocale: 'en', lastChannel: 'ussd' });
    expect((await server.store.getTranscript(`ussd:${again.sessionId}`))?.channel).toBe('ussd');
  });

  it("opens a new dial from one read of its flow's entry and the caller's profile, with no look for a contact to close", async () => {
    const reads = { readEntryAndCaller: 0, readEntry: 0, recallCaller: 0, getSession: 0 };
    const spies = (Object.keys(reads) as Array<keyof typeof reads>).map((method) => {
      const original = server.store[method].bind(server.store) as (...args: unknown[]) => unknown;
      return vi.spyOn(server.store, method).mockImplementation(((...args: unknown[]) => {
        reads[method] += 1;
        return original(...args);
      }) as never);
    });
    try {
      const opened = await dial('+2290197000003').type();
      expect(reads).toEqual({ readEntryAndCaller: 1, readEntry: 0, recallCaller: 0, getSession: 0 });
      expect(opened.kind).toBe('CON');
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });

  it("keeps what a screen showed sealed in the store, and answers the gateway's retry from it", async () => {
    const subscriber = dial('+2290197000001');
    await subscriber.type();
    await subscriber.type('1');
    const puk = await subscriber.type('1');
    expect(puk.screen).toContain('12345678');
    const stored = await server.store.channelStates.getChannelState(`ussd:${subscriber.sessionId}`, new Date().toISOString());
    expect(stored?.value).toMatchObject({ alg: 'A256GCM' });
    expect(JSON.stringify(stored)).not.toContain('12345678');
    // The gateway sends the same request again: the same screen, and the flow did not move.
    const session = await server.store.getSession(`ussd:${subscriber.sessionId}`, new Date().toISOString());
    const retried = await postUssd(server.url, { sessionId: subscriber.sessionId, serviceCode: '*919#', phoneNumber: '+2290197000001', text: '1*1' }, { token: TOKEN });
    expect(retried.body).toBe(puk.body);
    expect((await server.store.getSession(`ussd:${subscriber.sessionId}`, new Date().toISOString()))?.session.turns).toBe(session?.session.turns);
  });

  it('numbers the satisfaction survey once: "5. Très satisfait", not "5. 5 - Très satisfait"', async () => {
    const subscriber = dial('+2290197000001');
    let screen = (await subscriber.type()).screen;
    let stage: 'menu' | 'after' | 'survey' = 'menu';
    const survey: string[] = [];
    for (let i = 0; i < 16 && survey.length === 0; i += 1) {
      let answer: string;
      if (screen.includes('Pour le français, tapez 1.')) answer = '1';
      else if (stage === 'menu' && /^2\. Solde$/m.test(screen)) [stage, answer] = ['after', '2'];
      else if (stage === 'after' && /^3\. Terminer$/m.test(screen)) [stage, answer] = ['survey', '3'];
      else if (readScreen(screen).hasNext) answer = '00';
      else throw new Error(`unexpected screen: ${screen}`);
      screen = (await subscriber.type(answer)).screen;
      // The survey's five answers, over as many screens as they take.
      if (stage === 'survey') {
        for (let pages = 0; pages < 4; pages += 1) {
          survey.push(...screen.split('\n').filter((line) => /^[1-5]\. /.test(line)));
          if (!readScreen(screen).hasNext) break;
          screen = (await subscriber.type('00')).screen;
        }
      }
    }
    expect(survey).toContain('5. Très satisfait');
    expect(survey).toContain('1. Très insatisfait');
    for (const line of survey) expect(line).not.toMatch(/^(\d+)\. \1 - /);
  });

  it('refuses a callback without the token, starting nothing', async () => {
    const sessionId = newSessionId();
    const refused = await postUssd(server.url, { sessionId, serviceCode: '*919#', phoneNumber: '+2290197000001', text: '' });
    expect(refused.status).toBe(401);
    expect(await server.store.getSession(`ussd:${sessionId}`, new Date().toISOString())).toBeNull();
  });

  it('refuses a binding whose address is not a service code', async () => {
    const flowId = (await server.admin.get('/api/flows')).body[0].id;
    const refused = await server.admin.post('/api/bindings', { channel: 'ussd', address: '1919', flowId });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('*919#');
    expect((await server.admin.post('/api/bindings', { channel: 'ussd', address: '*384*12#', flowId })).status).toBe(201);
  });
});

describe('USSD: a look-up slower than the session can wait, its answer following on another channel', () => {
  const APP_SECRET = 'ussd-e2e-whatsapp-app-secret';
  const ACCESS_TOKEN = 'ussd-e2e-graph-token';
  const LOOKUP_MS = 800;
  let slow: TestServer;
  let graph: FakeGraphServer;
  let operator: FakeOperator;

  beforeAll(async () => {
    // The operator's system, slower than a USSD screen can wait (the budget here: 200 ms).
    operator = await FakeOperator.start(LOOKUP_MS);
    graph = await startFakeGraphServer({ accessToken: ACCESS_TOKEN });
    slow = await startTestServer({
      env: {
        GRIOT_DEMO: '1',
        USSD_CALLBACK_TOKEN: TOKEN,
        USSD_LOOKUP_BUDGET_MS: '200',
        // WhatsApp carries the late answer here; SMS does where an SMSC is configured.
        USSD_FOLLOW_UP_CHANNEL: 'whatsapp',
        GRIOT_BACKENDS_PRODUCTION: `operator=${operator.url}`,
        ...OPERATOR_SECRET,
        WHATSAPP_APP_SECRET: APP_SECRET,
        WHATSAPP_ACCESS_TOKEN: ACCESS_TOKEN,
        WHATSAPP_GRAPH_BASE_URL: graph.url,
        WHATSAPP_VERIFY_TOKEN: 'ussd-e2e-verify',
      },
    });
  });
  afterAll(async () => {
    await slow?.stop();
    await graph?.close();
    await operator?.close();
  });

  it('ends the screen politely, then sends the PUK code by WhatsApp to a subscriber who wrote there today, and ends the contact', async () => {
    // Afiavi wrote to the demo's WhatsApp number today: Griot may write to her there.
    const hello = await postWebhook(slow.url, whatsappWebhooks.textMessage('Bonjour', { phoneNumberId: '100000000000001', waId: '2290197000001' }), APP_SECRET);
    expect(hello.status).toBe(200);
    await graph.waitForSent(1);
    const before = graph.sent().length;

    const sessionId = newSessionId();
    const send = (text: string) => postUssd(slow.url, { sessionId, serviceCode: '*919#', phoneNumber: '+2290197000001', text }, { token: TOKEN });
    await send('');
    await send('1');
    const began = Date.now();
    const first = await send('1*1');
    expect(Date.now() - began).toBeLessThan(LOOKUP_MS);
    const answer = await closingScreens(send, '1*1', first);
    expect(answer.kind).toBe('END');
    expect(answer.screen).toMatch(/vous recevrez la réponse par WhatsApp\.$/);

    const [followUp] = (await graph.waitForSent(before + 1, 5000)).slice(before);
    expect(followUp?.body).toMatchObject({ to: '2290197000001', type: 'text' });
    expect(followUp?.body.text.body).toContain('Votre code PUK est : 24681357.');
    // Not the menu that followed: nobody can answer it now.
    expect(followUp?.body.text.body).not.toContain('Pour répéter le code');
    for (let i = 0; i < 100 && (await slow.store.getSession(`ussd:${sessionId}`, new Date().toISOString()))?.session.status !== 'ended'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect((await slow.store.getSession(`ussd:${sessionId}`, new Date().toISOString()))?.session).toMatchObject({ status: 'ended', endReason: 'ussdClosed' });
  }, 20_000);
});

describe("USSD: a slow look-up's answer follows by SMS from the short code, when an SMSC is configured (the default follow-up)", () => {
  const LOOKUP_MS = 800;
  let slow: TestServer;
  let smsc: FakeSmsc;
  let operator: FakeOperator;

  beforeAll(async () => {
    operator = await FakeOperator.start(LOOKUP_MS);
    smsc = await FakeSmsc.start({ systemId: 'griot-ussd', password: 'ussd-pw', receiptAfterMs: 10 });
    slow = await startTestServer({
      env: {
        // The demo binds *919# and, with an SMSC, the SMS short code 1919 to the same flow.
        GRIOT_DEMO: '1',
        USSD_CALLBACK_TOKEN: TOKEN,
        USSD_LOOKUP_BUDGET_MS: '200',
        GRIOT_BACKENDS_PRODUCTION: `operator=${operator.url}`,
        ...OPERATOR_SECRET,
        SMPP_URL: smsc.url,
        SMPP_SYSTEM_ID: 'griot-ussd',
        SMPP_PASSWORD: 'ussd-pw',
      },
    });
    for (let waited = 0; smsc.boundCount === 0 && waited < 10_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
  }, 60_000);
  afterAll(async () => {
    await slow?.stop();
    await smsc?.close();
    await operator?.close();
  });

  it('ends the screen saying the answer comes by SMS, and the PUK code reaches the handset from 1919', async () => {
    const sessionId = newSessionId();
    const send = (text: string) => postUssd(slow.url, { sessionId, serviceCode: '*919#', phoneNumber: '+2290197000001', text }, { token: TOKEN });
    await send('');
    await send('1');
    const answer = await closingScreens(send, '1*1', await send('1*1'));
    expect(answer.kind).toBe('END');
    expect(answer.screen).toMatch(/vous recevrez la réponse par SMS\.$/);

    await expect.poll(() => smsc.handset('2290197000001').length, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    const [sms] = smsc.handset('2290197000001');
    expect(sms?.text).toContain('Votre code PUK est : 24681357.');
    expect(sms?.text).not.toContain('Pour répéter le code');
    expect(new Set(smsc.submitted.filter((p) => p.to === '2290197000001').map((p) => p.from))).toEqual(new Set(['1919']));
  }, 30_000);
});

describe('USSD under overload: a screen the gateway would wait too long for ends "busy" in time', () => {
  const LOOKUP_MS = 1200;
  const METRICS_TOKEN = 'ussd-e2e-metrics-token-0123456789';
  let busy: TestServer;
  let operator: FakeOperator;

  beforeAll(async () => {
    // The operator's system, slower than the gateway waits (Griot answers within 80 % of 500 ms);
    // the look-up budget is the default 2 s, so the turn itself runs on and finishes late.
    operator = await FakeOperator.start(LOOKUP_MS);
    busy = await startTestServer({
      env: {
        GRIOT_DEMO: '1',
        USSD_CALLBACK_TOKEN: TOKEN,
        USSD_GATEWAY_TIMEOUT_MS: '500',
        USSD_FOLLOW_UP_CHANNEL: 'none',
        GRIOT_METRICS_TOKEN: METRICS_TOKEN,
        GRIOT_BACKENDS_PRODUCTION: `operator=${operator.url}`,
        ...OPERATOR_SECRET,
      },
    });
  });
  afterAll(async () => {
    await busy?.stop();
    await operator?.close();
  });

  it('answers END "Service très demandé" before the operator does, keeps the late turn off the screen, ends the contact, and the next dial starts cleanly', async () => {
    const sessionId = newSessionId();
    const send = (text: string) => postUssd(busy.url, { sessionId, serviceCode: '*919#', phoneNumber: '+2290197000001', text }, { token: TOKEN });
    expect((await send('')).kind).toBe('CON');
    expect((await send('1')).kind).toBe('CON');
    const shed = await send('1*1');
    // The gateway has its answer while the operator's system is still looking the code up.
    expect(operator.answered).toBe(0);
    expect(shed).toMatchObject({ status: 200, kind: 'END', screen: 'Service très demandé, réessayez dans un instant.' });

    // The turn finishes late: the contact ends with the gateway's session, the PUK code never on a screen.
    await expect.poll(async () => (await busy.store.getSession(`ussd:${sessionId}`, new Date().toISOString()))?.session.status, { timeout: 10_000 }).toBe('ended');
    expect((await busy.store.getSession(`ussd:${sessionId}`, new Date().toISOString()))?.session).toMatchObject({ endReason: 'ussdShed' });
    const retried = await send('1*1');
    expect(retried.body).toBe(shed.body);

    const next = newSessionId();
    const opened = await postUssd(busy.url, { sessionId: next, serviceCode: '*919#', phoneNumber: '+2290197000001', text: '' }, { token: TOKEN });
    expect(opened.kind).toBe('CON');
    expect(opened.screen).not.toContain('très demandé');

    const metrics = await (await fetch(`${busy.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    expect(metrics).toMatch(/^griot_channel_requests_shed_total\{channel="ussd",reason="slow"\} 1$/m);
  }, 30_000);
});
