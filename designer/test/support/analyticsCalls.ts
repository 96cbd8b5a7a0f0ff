import { SimulatedCall, httpLink } from '@griot/connectors/voice/testing';
import type { GriotServer } from './griotServer.ts';

/** The webhook secret the server is started with, so that every call is signed as jambonz signs it. */
export const JAMBONZ_SECRET = 'designer-analytics-jambonz-secret';

export interface Caller {
  /** A call from this number; a first call picks its language on the keypad (1 French, 2 English). */
  dial(from: string, languageKey?: string): Promise<SimulatedCall>;
  /** Balance (2), then "finish" (3): the satisfaction question. */
  toSurvey(call: SimulatedCall): Promise<SimulatedCall>;
}

let calls = 0;

/** Calls to the 1919 demo over signed jambonz webhooks, as jambonz would place them. */
export function caller(server: GriotServer): Caller {
  const dial = async (from: string, languageKey = '1') => {
    const call = new SimulatedCall(httpLink(server.url, { secret: JAMBONZ_SECRET }), { callSid: `CA-designer-analytics-${++calls}`, from, to: '1919' });
    await call.start();
    // First call of a number: the language on the keypad; a returning caller goes straight to the menu.
    if (call.heard.join(' ').includes('Pour le français')) await call.press(languageKey);
    return call;
  };
  const toSurvey = async (call: SimulatedCall) => {
    await call.press('2');
    await call.press('3');
    if (!call.heard.join(' ').includes('quelle note donnez-vous à ce service')) throw new Error(`no survey: ${call.heard.join(' | ')}`);
    return call;
  };
  return { dial, toSurvey };
}

/** Signs in over the API (the session cookie), for what an agent does beside the page under test. */
export async function apiSession(server: GriotServer, user: { username: string; password: string }): Promise<(method: string, path: string) => Promise<{ status: number; body: unknown }>> {
  const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(user) });
  if (login.status !== 200) throw new Error(`cannot sign ${user.username} in: ${login.status}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return async (method, path) => {
    const answer = await fetch(`${server.url}${path}`, {
      method,
      headers: { cookie, accept: 'application/json', ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
      ...(method === 'POST' ? { body: '{}' } : {}),
    });
    const text = await answer.text();
    return { status: answer.status, body: text ? JSON.parse(text) : undefined };
  };
}

/**
 * A handful of real calls, the figures of which the tests read back: (1) contained with a 4 out
 * of 5; (2) asks for an agent, `agent` takes it, jambonz bridges them, then a 5; (3) hangs up at
 * the main menu; (4) hangs up while waiting for an agent; (5) contained with a 2, then (6) the
 * same caller calls back and hangs up at the survey. 6 contacts: 2 contained (1 came back),
 * 1 transferred, 3 abandoned; support-fr offered 2, answered 1, abandoned 1.
 */
export async function placeAnalyticsCalls(server: GriotServer, agent: { username: string; password: string }): Promise<void> {
  const { dial, toSurvey } = caller(server);
  const asAgent = await apiSession(server, agent);
  const contained = await toSurvey(await dial('+2290197000003'));
  await contained.press('4');

  const transferred = await dial('+2290197000001');
  await transferred.press('4');
  const queues = (await asAgent('GET', '/api/agent/queues')).body as Array<{ queue: string; contacts: Array<{ id: string; status: string }> }>;
  const waiting = queues.find((q) => q.queue === 'support-fr')?.contacts.find((c) => c.status === 'waiting');
  if (!waiting) throw new Error('the transferred call is not waiting in support-fr');
  const taken = await asAgent('POST', `/api/agent/contacts/${waiting.id}/take`);
  if (taken.status !== 200) throw new Error(`take: ${taken.status}`);
  await transferred.queueEnds('bridged');
  await transferred.press('5');

  await (await dial('+2290197000150')).hangup();

  const inQueue = await dial('+2290197000004');
  await inQueue.press('4');
  await inQueue.hangup();

  const first = await toSurvey(await dial('+2290197000005'));
  await first.press('2');
  const again = await toSurvey(await dial('+2290197000005'));
  await again.hangup();
  await server.running.services.conversations.idle();
}
