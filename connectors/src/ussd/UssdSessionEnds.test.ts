import { afterEach, describe, expect, it } from 'vitest';
import type { FlowEvent } from '@griot/flows';
import type { ConversationPort } from '../channel/ConversationPort.ts';
import { MemoryChannelStates } from '../channel/MemoryChannelStates.ts';
import { conformanceFlow } from '../conformance/conformanceFlow.ts';
import { InterpreterPort } from '../messaging/testing/InterpreterPort.ts';
import { mountUssdForTests, type MountedUssd } from './testing/mountUssdForTests.ts';
import { postUssdEnd } from './testing/postUssdEnd.ts';
import { newSessionId, postUssd } from './testing/ussdGateway.ts';

const TOKEN = 'ussd-test-callback-token-0123';
const CODE = '*919#';
const NUMBER = '+2290197000001';

/** The operator's backend answering the conformance flow's PUK look-up. */
const backend = async (): Promise<FlowEvent> => ({ type: 'webhook', outcome: 'response', status: 200, body: { puk: '12345678' } });

function conformancePort(): InterpreterPort {
  const flow = conformanceFlow();
  return new InterpreterPort({ [flow.id]: flow }, backend).bind({ id: 'b-ussd', channel: 'ussd', address: CODE, flowId: flow.id, environment: 'production' });
}

let mounted: MountedUssd[] = [];
afterEach(async () => {
  await Promise.all(mounted.map((m) => m.close()));
  mounted = [];
});

/** The channel on loopback, its state kept where the test can read it. */
async function mount(env: Record<string, string> = {}) {
  const port = conformancePort();
  const states = new MemoryChannelStates();
  const m = await mountUssdForTests({ port, states, env: { USSD_CALLBACK_TOKEN: TOKEN, ...env } });
  mounted.push(m);
  const sessionId = newSessionId();
  const key = `ussd:${sessionId}`;
  return {
    m,
    port,
    states,
    sessionId,
    key,
    send: (text: string) => postUssd(m.url, { sessionId, serviceCode: CODE, phoneNumber: NUMBER, text }, { token: TOKEN }),
    /** `token` null: none sent. */
    end: (status: string, token: string | null = TOKEN) => postUssdEnd(m.url, { sessionId, status, serviceCode: CODE, phoneNumber: NUMBER }, token === null ? {} : { token }),
    ends: () => port.calls.filter((c) => c.op === 'end'),
  };
}

describe('USSD: the gateway says a session is over', () => {
  it('ends the contact of a subscriber who cancels at a menu as abandoned, drops what the screens showed, and the next dial starts afresh', async () => {
    const s = await mount();
    expect((await s.send('')).kind).toBe('CON');
    expect((await s.send('1')).screen).toBe('Tapez votre numéro de ligne, suivi de dièse.');
    expect(await s.states.get(s.key)).not.toBeNull();

    expect(await s.end('Incomplete')).toEqual({ status: 200, body: 'ok' });
    expect(s.ends()).toEqual([{ op: 'end', key: s.key, reason: 'abandoned' }]);
    expect(s.port.sessions.has(s.key)).toBe(false);
    expect(await s.states.get(s.key)).toBeNull();

    // The same subscriber dials again: the flow's first screen, a new contact.
    const again = postUssd(s.m.url, { sessionId: newSessionId(), serviceCode: CODE, phoneNumber: NUMBER, text: '' }, { token: TOKEN });
    expect((await again).screen).toMatch(/^Bienvenue sur le 1919/);
    expect(s.port.calls.filter((c) => c.op === 'start')).toHaveLength(2);
  });

  it('ends it as an error when the gateway says the session failed', async () => {
    const s = await mount();
    await s.send('');
    expect((await s.end('Failed')).status).toBe(200);
    expect(s.ends()).toEqual([{ op: 'end', key: s.key, reason: 'error' }]);
  });

  it('answers a notice delivered twice, or for a session it never saw, 200 and changes nothing', async () => {
    const s = await mount();
    await s.send('');
    expect((await s.end('Incomplete')).status).toBe(200);
    expect((await s.end('Incomplete')).status).toBe(200);
    expect((await s.end('Failed')).status).toBe(200);
    expect(s.ends()).toEqual([{ op: 'end', key: s.key, reason: 'abandoned' }]);

    const unknown = await postUssdEnd(s.m.url, { sessionId: newSessionId(), status: 'Incomplete' }, { token: TOKEN });
    expect(unknown).toEqual({ status: 200, body: 'ok' });
    expect(s.ends()).toHaveLength(1);
  });

  it('keeps a contact the session closed itself (an agent calls back), whatever the status, and drops the state', async () => {
    const s = await mount();
    await s.send('');
    expect((await s.send('2')).kind).toBe('END');
    expect((await s.end('Failed')).status).toBe(200);
    expect(s.ends()).toEqual([]);
    expect(s.port.sessions.get(s.key)?.status).toBe('handoff');
    expect(await s.states.get(s.key)).toBeNull();
  });

  it('drops the state of a session that reached its END (Success), the contact already over', async () => {
    const s = await mount();
    await s.send('');
    await s.send('1');
    await s.send('1*0197000001');
    // Send pressed with nothing typed at the menu until it gives up: the flow says goodbye.
    let text = '1*0197000001';
    let bye = await s.send(text);
    for (let i = 0; i < 5 && bye.kind === 'CON'; i += 1) bye = await s.send((text += '*'));
    expect(bye).toMatchObject({ kind: 'END', screen: 'Au revoir.' });
    expect((await s.end('Success')).status).toBe(200);
    expect(s.ends()).toEqual([]);
    expect(await s.states.get(s.key)).toBeNull();
  });

  it('waits for a request still under way: a late turn that handed the subscriber to an agent keeps the contact', async () => {
    const s = await mount();
    await s.send('');
    // The engine stuck on the next turn until released.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const handle = s.port.handle.bind(s.port);
    s.port.handle = async (...args: Parameters<InterpreterPort['handle']>) => {
      await gate;
      return handle(...args);
    };
    const handoff = s.send('2');
    const read = s.states.get.bind(s.states);
    const busy = async () => ((await read(s.key))?.value as { busy?: unknown } | undefined)?.busy !== undefined;
    for (let i = 0; i < 200 && !(await busy()); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await busy()).toBe(true);
    // The subscriber cancels while the screen is awaited; the notice reads the session's state (a request under way) before the turn ends.
    let noticeReads = 0;
    s.states.get = (key: string) => {
      noticeReads += 1;
      return read(key);
    };
    const notice = s.end('Incomplete');
    for (let i = 0; i < 200 && noticeReads === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(noticeReads).toBeGreaterThan(0);
    release();
    expect((await handoff).kind).toBe('END');
    expect((await notice).status).toBe(200);
    expect(s.ends()).toEqual([]);
    expect(s.port.sessions.get(s.key)?.status).toBe('handoff');
    expect(await s.states.get(s.key)).toBeNull();
  });

  it("answers 200 even when the contact could not be ended, keeping the state so that the gateway's retry ends it", async () => {
    const s = await mount();
    await s.send('');
    const end = s.port.end.bind(s.port);
    s.port.end = async () => {
      throw new Error('the store is unreachable');
    };
    expect(await s.end('Incomplete')).toEqual({ status: 200, body: 'ok' });
    expect(s.m.logs).toContainEqual(expect.objectContaining({ level: 'error', message: expect.stringMatching(/could not be applied/) }));
    expect(await s.states.get(s.key)).not.toBeNull();
    s.port.end = end;
    expect((await s.end('Incomplete')).status).toBe(200);
    expect(s.ends()).toEqual([{ op: 'end', key: s.key, reason: 'abandoned' }]);
    expect(await s.states.get(s.key)).toBeNull();
  });

  it('counts a notice the store could not apply for ussd with its cause, as every channel does, saying it once', async () => {
    const s = await mount();
    await s.send('');
    const counted: [unknown, string][] = [];
    // The engine knows the store's failures (a full disk) and counts them in griot_store_failures_total.
    (s.port as ConversationPort).storeFailure = (error: unknown, channel: string) => {
      counted.push([error, channel]);
      return 'SQLITE_FULL';
    };
    s.port.end = async () => {
      throw new Error('database or disk is full');
    };
    expect(await s.end('Incomplete')).toEqual({ status: 200, body: 'ok' });
    await expect.poll(() => counted.map(([, channel]) => channel)).toEqual(['ussd']);
    const said = s.m.logs.filter((l) => /could not be applied/.test(l.message));
    expect(said).toEqual([expect.objectContaining({ level: 'error', message: expect.stringContaining('SQLITE_FULL') })]);
    expect(await s.states.get(s.key)).not.toBeNull();
  });

  it('never logs what the subscriber typed or was shown', async () => {
    const s = await mount();
    await s.send('');
    await s.send('1');
    const notice = await postUssdEnd(
      s.m.url,
      { sessionId: s.sessionId, status: 'Incomplete', input: '24681357', lastAppResponse: 'CON Votre code PUK est 24681357.', errorMessage: 'PUK 24681357' },
      { token: TOKEN },
    );
    expect(notice.status).toBe(200);
    expect(s.m.logs.some((l) => l.message === 'USSD session ended by the gateway')).toBe(true);
    expect(JSON.stringify(s.m.logs)).not.toContain('24681357');
  });
});

describe('USSD: who may say a session is over', () => {
  it('refuses a notice without the token, or with a wrong one, before reading it, and changes nothing', async () => {
    const s = await mount();
    await s.send('');
    expect((await s.end('Incomplete', null)).status).toBe(401);
    expect((await s.end('Incomplete', 'not-the-token')).status).toBe(401);
    expect(s.m.refusals).toEqual(['missingToken', 'badToken']);
    expect(s.ends()).toEqual([]);
    expect(await s.states.get(s.key)).not.toBeNull();
    expect((await s.send('1')).screen).toBe('Tapez votre numéro de ligne, suivi de dièse.');
  });

  it('refuses addresses outside USSD_ALLOWED_IPS (403), and every notice in production without a token', async () => {
    const outside = await mount({ USSD_ALLOWED_IPS: '196.201.214.0/24' });
    expect((await outside.end('Incomplete')).status).toBe(403);
    const port = conformancePort();
    const refused = await mountUssdForTests({ port, production: true, env: { USSD_ALLOWED_IPS: '127.0.0.1' } });
    mounted.push(refused);
    expect((await postUssdEnd(refused.url, { sessionId: newSessionId(), status: 'Incomplete' })).status).toBe(403);
    expect(port.calls).toEqual([]);
  });

  it('answers 400 to a notice without sessionId or status, or not a form, and 413 to one too large', async () => {
    const s = await mount();
    await s.send('');
    const noStatus = await postUssdEnd(s.m.url, { sessionId: s.sessionId, status: '' }, { token: TOKEN });
    expect(noStatus.status).toBe(400);
    expect(noStatus.body).toMatch(/^invalid status/);
    const noSession = await fetch(`${s.m.url}/ussd/events?token=${TOKEN}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'status=Incomplete' });
    expect(noSession.status).toBe(400);
    expect(await noSession.text()).toMatch(/^invalid sessionId/);
    const json = await fetch(`${s.m.url}/ussd/events?token=${TOKEN}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sessionId: s.sessionId, status: 'Incomplete' }),
    });
    expect(json.status).toBe(400);
    const huge = await postUssdEnd(s.m.url, { sessionId: s.sessionId, status: 'Incomplete', lastAppResponse: 'x'.repeat(20_000) }, { token: TOKEN });
    expect(huge.status).toBe(413);
    expect(s.ends()).toEqual([]);
    expect(await s.states.get(s.key)).not.toBeNull();
  });
});
