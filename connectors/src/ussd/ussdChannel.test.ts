import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { Flow, type FlowEvent } from '@griot/flows';
import type { ChannelReplies, ReplyTarget } from '../channel/Channel.ts';
import { MemoryChannelStates } from '../channel/MemoryChannelStates.ts';
import { conformanceFlow, CONFORMANCE_TERMS } from '../conformance/conformanceFlow.ts';
import { InterpreterPort, type TestLookup } from '../messaging/testing/InterpreterPort.ts';
import { menuFlow } from '../messaging/testing/menuFlow.ts';
import { mountUssdForTests, type MountedUssd } from './testing/mountUssdForTests.ts';
import { newSessionId, postUssd, readScreen } from './testing/ussdGateway.ts';

const TOKEN = 'ussd-test-callback-token-0123';
const CODE = '*919#';
const NUMBER = '+2290197000001';
const words = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The operator's backend answering the conformance flow's PUK look-up, after `delayMs`. */
const backend =
  (delayMs = 0): TestLookup =>
  (request) =>
    new Promise<FlowEvent>((resolve) =>
      setTimeout(
        () => resolve(request.url.endsWith('/0197000001') ? { type: 'webhook', outcome: 'response', status: 200, body: { puk: '12345678' } } : { type: 'webhook', outcome: 'response', status: 404 }),
        delayMs,
      ),
    );

function conformancePort(lookup?: TestLookup): InterpreterPort {
  const flow = conformanceFlow();
  return new InterpreterPort({ [flow.id]: flow }, lookup).bind({ id: 'b-ussd', channel: 'ussd', address: CODE, flowId: flow.id, environment: 'production' });
}

let mounted: MountedUssd[] = [];
afterEach(async () => {
  await Promise.all(mounted.map((m) => m.close()));
  mounted = [];
});
async function mount(options: Parameters<typeof mountUssdForTests>[0]): Promise<MountedUssd> {
  const m = await mountUssdForTests({ env: { USSD_CALLBACK_TOKEN: TOKEN, ...options.env }, ...options });
  mounted.push(m);
  return m;
}

/** One subscriber's gateway session: every request carries all answers so far. */
function session(m: MountedUssd, number = NUMBER, sessionId = newSessionId()) {
  return {
    sessionId,
    send: (text: string) => postUssd(m.url, { sessionId, serviceCode: CODE, phoneNumber: number, text }, { token: TOKEN }),
  };
}

describe('USSD: screens', () => {
  it('opens the flow bound to the service code, and reads each new answer of text once', async () => {
    const port = conformancePort(backend());
    const m = await mount({ port });
    const s = session(m);
    const first = await s.send('');
    expect(first.status).toBe(200);
    expect(first.kind).toBe('CON');
    expect(first.screen).toBe('Bienvenue sur le 1919 & merci. Pour votre code PUK, tapez 1. Pour un conseiller, tapez 2. Pour les conditions, tapez 3.\n\n1. Code PUK\n2. Conseiller\n3. Conditions');
    expect((await s.send('1')).screen).toBe('Tapez votre numéro de ligne, suivi de dièse.');
    const puk = await s.send('1*0197000001');
    expect(puk.kind).toBe('CON');
    expect(puk.screen).toMatch(/^Votre code PUK est 12345678\./);
    // One start and two answers reached the engine.
    expect(port.calls.map((c) => (c.op === 'handle' ? `${c.op}:${(c.event as { text?: string }).text}` : c.op))).toEqual(['start', 'handle:1', 'handle:0197000001']);
  });

  it('answers a request delivered again with the same screen, and reads nothing twice', async () => {
    const port = conformancePort();
    const m = await mount({ port });
    const s = session(m);
    await s.send('');
    const answered = await s.send('1');
    const calls = port.calls.length;
    expect(await s.send('1')).toEqual(answered);
    // A late copy of an earlier request: the screen of now, nothing moves.
    expect((await s.send('')).screen).toBe(answered.screen);
    expect(port.calls).toHaveLength(calls);
    // Two copies at once: one turn.
    const [a, b] = await Promise.all([s.send('1*0197999999'), s.send('1*0197999999')]);
    expect(a).toEqual(b);
    expect(port.calls).toHaveLength(calls + 1);
  });

  it('pages a long text at 182 characters: 00 for the next screen, 0 for the one before, every word shown', async () => {
    const m = await mount({ port: conformancePort() });
    const s = session(m);
    await s.send('');
    const texts = ['3'];
    const bodies: string[] = [];
    let answer = await s.send('3');
    for (;;) {
      expect(answer.screen.length).toBeLessThanOrEqual(182);
      const screen = readScreen(answer.screen);
      bodies.push(screen.body);
      if (!screen.hasNext) break;
      texts.push('00');
      answer = await s.send(texts.join('*'));
    }
    expect(bodies.length).toBeGreaterThan(20);
    expect(words(bodies.join(' '))).toContain(words(CONFORMANCE_TERMS.join(' ')));
    // The last screen is the menu again, with the way back.
    expect(answer.screen).toMatch(/1\. Code PUK\n2\. Conseiller\n3\. Conditions\n0 Retour$/);
    const back = await s.send([...texts, '0'].join('*'));
    expect(back.screen).toBe(`${bodies.at(-2)}\n00 Suite\n0 Retour`);
    // From any screen, an answer that is not a paging key goes to the flow: `3*00*…*0*1` chose 1.
    expect((await s.send([...texts, '0', '1'].join('*'))).screen).toBe('Tapez votre numéro de ligne, suivi de dièse.');
  });

  it('reads answers given with the code itself (*919*1#: text "1" on the first request), paging keys included', async () => {
    const port = conformancePort();
    const m = await mount({ port });
    expect((await session(m).send('1')).screen).toBe('Tapez votre numéro de ligne, suivi de dièse.');
    const paged = await session(m).send('3*00*00');
    expect(readScreen(paged.screen)).toMatchObject({ hasNext: true, hasBack: true });
    expect(paged.screen).toContain('Article');
  });

  it('lets a menu option keyed 0 win over the back key, and never offers "0 Retour" then', async () => {
    const flow = menuFlow(12);
    const main = flow.nodes.find((n) => n.id === 'main') as { prompt: Record<string, { text?: string }> };
    main.prompt.fr = { text: `${'Bienvenue au service client de Griot Telecom, disponible jour et nuit. '.repeat(2)}Que voulez-vous faire ?` };
    const port = new InterpreterPort({ [flow.id]: flow }).bind({ id: 'b', channel: 'ussd', address: CODE, flowId: flow.id });
    const m = await mount({ port });
    const s = session(m);
    await s.send('');
    const first = await s.send('1');
    expect(readScreen(first.screen)).toMatchObject({ hasNext: true, hasBack: false });
    const second = await s.send('1*00');
    expect(readScreen(second.screen)).toMatchObject({ hasNext: false, hasBack: false });
    expect(second.screen).toContain('0. Réclamation');
    expect((await s.send('1*00*0')).screen).toMatch(/^Vous avez choisi Réclamation\./);
  });

  it('pages a screen that needs UCS-2 (ô, ê, ’) at 80 characters, the most the network carries, losing no word nor option', async () => {
    const flow = menuFlow(3);
    const main = flow.nodes.find((n) => n.id === 'main') as { prompt: Record<string, { text?: string }> };
    // 123 characters with the menu: one GSM screen would hold it, but ô and ê are not GSM 03.38.
    main.prompt.fr = { text: 'Vous êtes bien au 1919. Plutôt que d’attendre, choisissez :' };
    const port = new InterpreterPort({ [flow.id]: flow }).bind({ id: 'b', channel: 'ussd', address: CODE, flowId: flow.id });
    const m = await mount({ port });
    const s = session(m);
    await s.send('');
    const screens = [await s.send('1')];
    while (readScreen(screens.at(-1)!.screen).hasNext) screens.push(await s.send(['1', ...screens.map(() => '00')].join('*')));
    expect(screens.length).toBeGreaterThan(1);
    for (const { screen } of screens) expect(screen.length).toBeLessThanOrEqual(80);
    const shown = words(screens.map(({ screen }) => readScreen(screen).body).join(' '));
    expect(shown).toBe('Vous êtes bien au 1919. Plutôt que d’attendre, choisissez : 1. Solde 2. Code PUK 3. Conseiller');
    // A screen in GSM 03.38 still holds 182: the answer after the menu is one screen.
    expect((await s.send(['1', ...screens.slice(1).map(() => '00'), '1'].join('*'))).screen).toMatch(/^Vous avez choisi Solde\./);
  });

  it('ends with END when the flow ends, and after a handoff says an agent will call back (the contact waits for one)', async () => {
    const port = conformancePort();
    const m = await mount({ port });
    const s = session(m);
    await s.send('');
    const handoff = await s.send('2');
    expect(handoff.kind).toBe('END');
    expect(handoff.screen).toBe('Je vous passe un conseiller.\n\nUn conseiller vous rappellera sur ce numéro dès que possible.');
    expect(port.sessions.get(`ussd:${s.sessionId}`)?.status).toBe('handoff');
    // A late answer after END changes nothing.
    expect(await s.send('2*1')).toEqual(handoff);
  });

  it('speaks English to a caller whose language is remembered, paging words included', async () => {
    const flow = menuFlow(3);
    const main = flow.nodes.find((n) => n.id === 'main') as { prompt: Record<string, { text?: string }> };
    main.prompt.en = { text: `${'Welcome to Griot Telecom customer care, open day and night. '.repeat(3)}What would you like to do?` };
    const port = new InterpreterPort({ [flow.id]: flow }).bind({ id: 'b', channel: 'ussd', address: CODE, flowId: flow.id });
    port.knownLocales.set('+2290197000002', 'en');
    const m = await mount({ port });
    const opened = await session(m, '+2290197000002').send('');
    expect(opened.screen).toMatch(/^Welcome to Griot Telecom/);
    expect(opened.screen.endsWith('\n00 More')).toBe(true);
  });

  it("pages and closes a Fon subscriber's session in the flow's written language (French), never English", async () => {
    const flow = conformanceFlow();
    const fon = Flow.parse({ ...flow, locales: [...flow.locales, { code: 'fon', name: 'Fon', tts: null, asr: null }] });
    const port = new InterpreterPort({ [fon.id]: fon }).bind({ id: 'b', channel: 'ussd', address: CODE, flowId: fon.id });
    port.knownLocales.set('+2290197000003', 'fon');
    const m = await mount({ port });
    const s = session(m, '+2290197000003');
    await s.send('');
    expect(port.sessions.get(`ussd:${s.sessionId}`)?.locale).toBe('fon');
    const terms = await s.send('3');
    expect(terms.screen.endsWith('\n00 Suite')).toBe(true);
    expect((await s.send('3*00')).screen.endsWith('\n00 Suite\n0 Retour')).toBe(true);
    const other = session(m, '+2290197000003');
    await other.send('');
    const handoff = await other.send('2');
    expect(handoff).toMatchObject({ kind: 'END', screen: expect.stringContaining('Un conseiller vous rappellera sur ce numéro') });
    expect(handoff.screen).not.toMatch(/agent will call|More|Back/);
  });

  it('says politely that a service code leads nowhere, starting nothing', async () => {
    const port = conformancePort();
    const m = await mount({ port, env: { USSD_LOCALE: 'en' } });
    const answer = await postUssd(m.url, { sessionId: newSessionId(), serviceCode: '*404#', phoneNumber: NUMBER, text: '' }, { token: TOKEN });
    expect(answer).toMatchObject({ status: 200, kind: 'END', screen: 'This service is not available at the moment.' });
    expect(port.calls).toEqual([]);
  });

  it('refuses a body that is not a gateway form with a 400 in plain text', async () => {
    const m = await mount({ port: conformancePort() });
    const json = await fetch(`${m.url}/ussd?token=${TOKEN}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"sessionId":"x"}' });
    expect(json.status).toBe(400);
    const missing = await postUssd(m.url, { sessionId: 'bad id with spaces', serviceCode: CODE, phoneNumber: NUMBER, text: '' }, { token: TOKEN });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatch(/^invalid sessionId/);
  });
});

describe('USSD: a look-up slower than the session can wait', () => {
  /** A stub of the SMS channel's replies: what it was asked to send. */
  function stubReplies(reachable = true) {
    const sent: Array<{ to: ReplyTarget; text: string; causeId: string }> = [];
    const replies: ChannelReplies = {
      sendAgentText: async () => {},
      sendBotTurn: async () => {},
      openConversation: async (to, text, causeId) => {
        sent.push({ to, text, causeId });
      },
      canReach: async () => reachable,
    };
    return { replies, sent };
  }

  async function slowLookup(options: { followUp: boolean; reachable?: boolean }) {
    const port = conformancePort(backend(400));
    // The flow is also bound on the follow-up channel (its address sends the text).
    port.bind({ id: 'b-follow', channel: 'whatsapp', address: '100000000000001', flowId: 'conformance', environment: 'production' });
    const stub = stubReplies(options.reachable ?? true);
    // The follow-up channel is SMS in production; this build's stand-in id for it is WhatsApp's (any channel that writes first).
    const m = await mount({ port, env: { USSD_LOOKUP_BUDGET_MS: '100', USSD_FOLLOW_UP_CHANNEL: options.followUp ? 'whatsapp' : 'none' }, replies: { whatsapp: stub.replies } });
    const s = session(m);
    await s.send('');
    await s.send('1');
    const answer = await s.send('1*0197000001');
    return { port, m, s, answer, sent: stub.sent };
  }

  const until = async (done: () => boolean) => {
    for (let i = 0; i < 200 && !done(); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  };

  it('ends the session politely and sends the answer by the follow-up channel once it comes, then ends the contact', async () => {
    const { port, s, answer, sent } = await slowLookup({ followUp: true });
    expect(answer.kind).toBe('END');
    expect(answer.screen).toBe('Votre demande prend plus de temps que prévu : vous recevrez la réponse par WhatsApp.');
    await until(() => port.calls.some((c) => c.op === 'end'));
    expect(sent).toEqual([
      {
        to: { sessionKey: 'whatsapp:100000000000001:2290197000001', channel: 'whatsapp', callerNumber: NUMBER, locale: 'fr' },
        // What the flow said once the answer came, without the menu it went back to (nobody can answer it now).
        text: 'Votre code PUK est 12345678.',
        causeId: `ussd:${s.sessionId}:followUp`,
      },
    ]);
    expect(port.sessions.has(`ussd:${s.sessionId}`)).toBe(false);
    // The gateway retries the last request: the same END, nothing sent twice.
    expect(await s.send('1*0197000001')).toEqual(answer);
    expect(sent).toHaveLength(1);
  });

  it('says to try again later when nothing can carry the answer, and ends the contact', async () => {
    for (const setting of [{ followUp: false }, { followUp: true, reachable: false }]) {
      const { port, answer, sent } = await slowLookup(setting);
      expect(answer).toMatchObject({ kind: 'END', screen: 'Le service met trop de temps à répondre. Merci de réessayer dans quelques minutes.' });
      await until(() => port.calls.some((c) => c.op === 'end'));
      expect(port.calls.some((c) => c.op === 'end')).toBe(true);
      expect(sent).toEqual([]);
    }
  });
});

describe('USSD: answering before the gateway gives up (overload)', () => {
  /** The engine stuck on its next turns (an overloaded store or CPU) until `release()`; `finished` counts the turns done. */
  function stickEngine(port: InterpreterPort) {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const handle = port.handle.bind(port);
    const state = { finished: 0 };
    port.handle = async (...args: Parameters<InterpreterPort['handle']>) => {
      await gate;
      const turn = await handle(...args);
      state.finished += 1;
      return turn;
    };
    return { release, state };
  }
  const until = async (done: () => boolean) => {
    for (let i = 0; i < 300 && !done(); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  };
  const handled = (port: InterpreterPort) => port.calls.filter((c) => c.op === 'handle').length;

  it('ends a request whose turn is stuck with END "busy" before the gateway gives up; the late turn shows nothing, the contact ends, the next dial starts cleanly', async () => {
    const port = conformancePort(backend());
    const m = await mount({ port, env: { USSD_GATEWAY_TIMEOUT_MS: '300' } });
    const s = session(m);
    await s.send('');
    const engine = stickEngine(port);
    const answer = await s.send('1');
    // Answered while the turn had still not finished: the gateway gets its answer, not a timeout.
    expect(engine.state.finished).toBe(0);
    expect(answer).toMatchObject({ status: 200, kind: 'END', screen: 'Service très demandé, réessayez dans un instant.' });
    expect(m.sheds).toEqual(['slow']);

    engine.release();
    await until(() => !port.sessions.has(`ussd:${s.sessionId}`));
    // The turn finished late: its screen was never shown, and the contact is over with the gateway's session.
    expect(engine.state.finished).toBe(1);
    expect(port.sessions.has(`ussd:${s.sessionId}`)).toBe(false);
    expect(port.calls.at(-1)).toMatchObject({ op: 'end', key: `ussd:${s.sessionId}` });
    // The gateway's retry of that request: the same END, the turn not run again.
    expect(await s.send('1')).toEqual(answer);
    expect(handled(port)).toBe(1);

    const next = session(m);
    expect((await next.send('')).kind).toBe('CON');
    expect((await next.send('1')).screen).toBe('Tapez votre numéro de ligne, suivi de dièse.');
    expect(m.sheds).toEqual(['slow']);
  });

  it("sheds a copy queued behind the stuck turn too, in the subscriber's language, and reads its answer once", async () => {
    const flow = menuFlow(3);
    const port = new InterpreterPort({ [flow.id]: flow }).bind({ id: 'b', channel: 'ussd', address: CODE, flowId: flow.id });
    port.knownLocales.set('+2290197000002', 'en');
    const m = await mount({ port, env: { USSD_GATEWAY_TIMEOUT_MS: '300' } });
    const s = session(m, '+2290197000002');
    expect((await s.send('')).kind).toBe('CON');
    const engine = stickEngine(port);
    const [first, copy] = await Promise.all([s.send('1'), s.send('1')]);
    const busy = { status: 200, kind: 'END', screen: 'The service is very busy, please try again in a moment.' };
    expect(first).toMatchObject(busy);
    expect(copy).toMatchObject(busy);
    expect([...m.sheds].sort()).toEqual(['queued', 'slow']);
    engine.release();
    await until(() => !port.sessions.has(`ussd:${s.sessionId}`));
    expect(await s.send('1')).toMatchObject(busy);
    // One turn for the answer, however many copies waited for it.
    expect(handled(port)).toBe(1);
    expect(port.calls.filter((c) => c.op === 'end')).toHaveLength(1);
  });

  it('gives each phone number a fair share: past it, that number is answered "busy" at once while another still gets in', async () => {
    const flow = menuFlow(3);
    const port = new InterpreterPort({ [flow.id]: flow }).bind({ id: 'b', channel: 'ussd', address: CODE, flowId: flow.id });
    const m = await mount({ port, env: { USSD_MAX_PENDING: '5', USSD_MAX_PENDING_PER_SENDER: '3', USSD_GATEWAY_TIMEOUT_MS: '3000' } });
    // One number (a scripted handset, a looping gateway) with six sessions open, each answering while the engine is stuck.
    const looping = Array.from({ length: 6 }, () => session(m, '+2290197000666'));
    for (const s of looping) expect((await s.send('')).kind).toBe('CON');
    const engine = stickEngine(port);
    const flood = looping.map((s) => s.send('1'));
    await until(() => m.sheds.length === 3);
    expect(m.sheds).toEqual(['sender', 'sender', 'sender']);
    // Another subscriber is served, the flood notwithstanding.
    expect(await session(m).send('')).toMatchObject({ status: 200, kind: 'CON' });
    engine.release();
    const answers = await Promise.all(flood);
    expect(answers.filter((a) => a.kind === 'END' && a.screen === 'Service très demandé, réessayez dans un instant.')).toHaveLength(3);
    expect(answers.filter((a) => a.kind === 'CON')).toHaveLength(3);
  });

  it('keeps a contact the late turn handed to an agent: the agent calls back', async () => {
    const port = conformancePort();
    const m = await mount({ port, env: { USSD_GATEWAY_TIMEOUT_MS: '300' } });
    const s = session(m);
    await s.send('');
    const engine = stickEngine(port);
    expect((await s.send('2')).screen).toBe('Service très demandé, réessayez dans un instant.');
    engine.release();
    await until(() => engine.state.finished === 1);
    await m.close();
    mounted = mounted.filter((x) => x !== m);
    expect(port.sessions.get(`ussd:${s.sessionId}`)?.status).toBe('handoff');
    expect(port.calls.some((c) => c.op === 'end')).toBe(false);
  });
});

describe('USSD: two instances sharing the state', () => {
  it('advance a session once when the gateway sends the same request to both at once', async () => {
    // A look-up of 150 ms: the first instance is still in its turn when the copy reaches the second.
    const port = conformancePort(backend(150));
    const states = new MemoryChannelStates();
    const [a, b] = [await mount({ port, states }), await mount({ port, states })];
    const sessionId = newSessionId();
    const send = (m: MountedUssd, text: string) => postUssd(m.url, { sessionId, serviceCode: CODE, phoneNumber: NUMBER, text }, { token: TOKEN });
    await send(a, '');
    await send(b, '1');
    const [one, two] = await Promise.all([send(a, '1*0197000001'), send(b, '1*0197000001')]);
    expect(one).toEqual(two);
    expect(one.screen).toMatch(/^Votre code PUK est 12345678\./);
    expect(port.calls.filter((c) => c.op === 'handle')).toHaveLength(2);
    // The next answer reaches whichever instance and goes on from there.
    expect((await send(a, '1*0197000001*1')).screen).toBe('Tapez votre numéro de ligne, suivi de dièse.');
  });
});

describe('USSD: a session is its subscriber’s', () => {
  it('a request with the session id of another number (or service code) gets END and nothing of that session; the session goes on', async () => {
    const port = conformancePort(backend());
    const m = await mount({ port });
    const afiavi = session(m);
    await afiavi.send('');
    await afiavi.send('1');
    const puk = await afiavi.send('1*0197000001');
    expect(puk.screen).toMatch(/^Votre code PUK est 12345678\./);
    const calls = port.calls.length;

    // The same session id from another number: its retry of the last text, a new answer, and the gateway's `+`-less spelling of another number.
    const send = (fields: { phoneNumber?: string; serviceCode?: string; text: string }) =>
      postUssd(m.url, { sessionId: afiavi.sessionId, serviceCode: CODE, phoneNumber: '+2290197000002', ...fields }, { token: TOKEN });
    for (const forged of [{ text: '1*0197000001' }, { text: '1*0197000001*1' }, { phoneNumber: '2290197000002', text: '' }, { phoneNumber: NUMBER, serviceCode: '*920#', text: '1*0197000001' }]) {
      const answer = await send(forged);
      expect(answer).toMatchObject({ status: 200, kind: 'END' });
      expect(answer.screen).toBe("Cette session n'est pas valable. Composez à nouveau le code du service.");
    }
    expect(port.calls).toHaveLength(calls);
    expect(m.refusals).toEqual(['sessionNotYours', 'sessionNotYours', 'sessionNotYours', 'sessionNotYours']);
    const warned = m.logs.filter((l) => l.message.startsWith('USSD request refused'));
    expect(warned).toHaveLength(4);
    expect(JSON.stringify(warned)).not.toMatch(/0197000002|0197000001/);

    // Their own number, spelt the gateway's other way, is still them: the session goes on where it was.
    expect(await postUssd(m.url, { sessionId: afiavi.sessionId, serviceCode: CODE, phoneNumber: NUMBER.slice(1), text: '1*0197000001' }, { token: TOKEN })).toEqual(puk);
    expect(port.calls).toHaveLength(calls);
  });
});

describe('USSD: what the Store keeps of whose session it is', () => {
  const unkeyed = (number: string, code = CODE) =>
    createHash('sha256')
      .update(`${number.replace(/^\+/, '')}\u0000${code}`)
      .digest('base64url')
      .slice(0, 22);
  const whoOf = async (states: MemoryChannelStates, sessionId: string) => ((await states.get(`ussd:${sessionId}`))?.value as { who?: string } | undefined)?.who;

  it('is a keyed digest: someone reading the state (the Store, a backup) finds no number by hashing every number of the plan', async () => {
    const states = new MemoryChannelStates();
    const m = await mount({ port: conformancePort(backend()), states });
    const s = session(m);
    await s.send('');
    const who = await whoOf(states, s.sessionId);
    expect(who).toBeDefined();
    // Every number around the subscriber's, hashed the way an unkeyed binding would be: none matches.
    const candidates = Array.from({ length: 2000 }, (_, i) => `+2290197${String(i).padStart(6, '0')}`);
    expect(candidates).toContain(NUMBER);
    expect(candidates.filter((number) => who!.includes(unkeyed(number)))).toEqual([]);
    // And the same subscriber under another server key is bound by another digest: it is the key that makes it.
    const other = new MemoryChannelStates();
    const n = await mount({ port: conformancePort(backend()), states: other, digestKey: 'another-server-key' });
    const t = session(n, NUMBER, s.sessionId);
    await t.send('');
    expect(await whoOf(other, s.sessionId)).not.toBe(who);
  });

  it('a session bound before the upgrade (unkeyed) goes on for its own number and is bound keyed from then on; another number gets END', async () => {
    const states = new MemoryChannelStates();
    const port = conformancePort(backend());
    const m = await mount({ port, states });
    const afiavi = session(m);
    await afiavi.send('');
    // As an instance of the previous version wrote it: the unkeyed digest of the number and code.
    const key = `ussd:${afiavi.sessionId}`;
    const stored = (await states.get(key))!;
    await states.put(key, { ...(stored.value as object), who: unkeyed(NUMBER) }, stored.revision, new Date(Date.now() + 600_000).toISOString());

    const forged = await postUssd(m.url, { sessionId: afiavi.sessionId, serviceCode: CODE, phoneNumber: '+2290197000002', text: '1' }, { token: TOKEN });
    expect(forged).toMatchObject({ status: 200, kind: 'END' });
    expect(forged.screen).toBe("Cette session n'est pas valable. Composez à nouveau le code du service.");
    expect(await whoOf(states, afiavi.sessionId)).toBe(unkeyed(NUMBER));

    expect((await afiavi.send('1')).kind).toBe('CON');
    const rebound = await whoOf(states, afiavi.sessionId);
    expect(rebound).not.toBe(unkeyed(NUMBER));
    expect(rebound).toMatch(/^k1\./);
    // Bound keyed, it is still theirs, and still no one else's.
    expect((await afiavi.send('1*0197000001')).screen).toMatch(/^Votre code PUK est 12345678\./);
    const late = await postUssd(m.url, { sessionId: afiavi.sessionId, serviceCode: CODE, phoneNumber: '+2290197000002', text: '1*0197000001*1' }, { token: TOKEN });
    expect(late).toMatchObject({ status: 200, kind: 'END' });
    expect(m.refusals).toEqual(['sessionNotYours', 'sessionNotYours']);
  });
});

describe('USSD: who may call', () => {
  it('refuses a missing or wrong token (401) before reading the body, and takes it from the URL or a Bearer header', async () => {
    const port = conformancePort();
    const m = await mount({ port });
    const fields = { sessionId: newSessionId(), serviceCode: CODE, phoneNumber: NUMBER, text: '' };
    expect((await postUssd(m.url, fields)).status).toBe(401);
    expect((await postUssd(m.url, fields, { token: 'not-the-token' })).status).toBe(401);
    expect(port.calls).toEqual([]);
    expect(m.refusals).toEqual(['missingToken', 'badToken']);
    expect((await postUssd(m.url, fields, { headers: { authorization: `Bearer ${TOKEN}` } })).kind).toBe('CON');
  });

  it('refuses addresses outside USSD_ALLOWED_IPS (403)', async () => {
    const port = conformancePort();
    const fields = { sessionId: newSessionId(), serviceCode: CODE, phoneNumber: NUMBER, text: '' };
    const outside = await mount({ port, env: { USSD_ALLOWED_IPS: '196.201.214.0/24' } });
    expect((await postUssd(outside.url, fields, { token: TOKEN })).status).toBe(403);
    const inside = await mount({ port, env: { USSD_ALLOWED_IPS: '196.201.214.0/24, 127.0.0.1' } });
    expect((await postUssd(inside.url, fields, { token: TOKEN })).status).toBe(200);
  });

  it('in production without a token refuses every callback and says so at start; in development it is open, said loudly', async () => {
    const port = conformancePort();
    const refused = await mountUssdForTests({ port, production: true, env: { USSD_ALLOWED_IPS: '127.0.0.1' } });
    mounted.push(refused);
    expect((await postUssd(refused.url, { sessionId: newSessionId(), serviceCode: CODE, phoneNumber: NUMBER, text: '' })).status).toBe(403);
    expect(refused.logs).toContainEqual(expect.objectContaining({ level: 'error', message: expect.stringMatching(/^USSD CHANNEL DISABLED/) }));
    const open = await mountUssdForTests({ port });
    mounted.push(open);
    expect((await postUssd(open.url, { sessionId: newSessionId(), serviceCode: CODE, phoneNumber: NUMBER, text: '' })).kind).toBe('CON');
    expect(open.logs).toContainEqual(expect.objectContaining({ level: 'warn', message: expect.stringMatching(/^USSD CHANNEL OPEN TO ANYONE/) }));
    expect(port.calls.filter((c) => c.op === 'start')).toHaveLength(1);
  });
});

describe.each([
  ['ahead of express (the hot path)', false],
  ['through the express route', true],
])('USSD callbacks %s', (_path, expressOnly) => {
  const form = (fields: Record<string, string>, extra = '') => new URLSearchParams(fields).toString() + extra;
  const post = (m: MountedUssd, body: string, { query = `?token=${TOKEN}`, contentType = 'application/x-www-form-urlencoded' } = {}) =>
    fetch(`${m.url}/ussd${query}`, { method: 'POST', headers: { 'content-type': contentType }, body }).then(async (r) => ({
      status: r.status,
      type: r.headers.get('content-type'),
      text: await r.text(),
    }));

  it('answers screens and retries the same way', async () => {
    const port = conformancePort();
    const m = await mount({ port, expressOnly });
    const s = session(m);
    expect(await s.send('')).toMatchObject({ status: 200, kind: 'CON' });
    const answered = await s.send('1');
    expect(answered.screen).toBe('Tapez votre numéro de ligne, suivi de dièse.');
    expect(await s.send('1')).toEqual(answered);
    const raw = await post(m, form({ sessionId: s.sessionId, serviceCode: CODE, phoneNumber: NUMBER, text: '1' }), { contentType: 'application/x-www-form-urlencoded; charset=UTF-8' });
    expect(raw).toEqual({ status: 200, type: 'text/plain; charset=utf-8', text: answered.body });
    expect(port.calls.map((c) => c.op)).toEqual(['start', 'handle']);
  });

  it('refuses a token given twice, missing or wrong before reading the body, and counts each refusal', async () => {
    const port = conformancePort();
    const m = await mount({ port, expressOnly });
    const body = form({ sessionId: newSessionId(), serviceCode: CODE, phoneNumber: NUMBER, text: '' });
    expect(await post(m, body, { query: '' })).toMatchObject({ status: 401, text: 'unauthorized' });
    expect(await post(m, body, { query: `?token=${TOKEN}&token=${TOKEN}` })).toMatchObject({ status: 401 });
    expect(await post(m, body, { query: '?token=wrong-token-0123456789' })).toMatchObject({ status: 401 });
    expect(m.refusals).toEqual(['missingToken', 'missingToken', 'badToken']);
    expect(port.calls).toEqual([]);
  });

  it('reads the query token as a URL query: percent-encoded, among other fields, with + as a space', async () => {
    const port = conformancePort();
    const m = await mount({ port, expressOnly });
    const body = () => form({ sessionId: newSessionId(), serviceCode: CODE, phoneNumber: NUMBER, text: '' });
    const encoded = [...TOKEN].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('');
    expect(await post(m, body(), { query: `?token=${encoded}` })).toMatchObject({ status: 200, text: expect.stringMatching(/^CON /) });
    expect(await post(m, body(), { query: `?from=gw&token=${TOKEN}&x=1` })).toMatchObject({ status: 200 });
    expect(await post(m, body(), { query: `?token=${TOKEN}+` })).toMatchObject({ status: 401 });
    expect(await post(m, body(), { query: `?token=${TOKEN}&token=` })).toMatchObject({ status: 401 });
    expect(m.refusals).toEqual(['badToken', 'missingToken']);
  });

  it('refuses what is not a gateway form: too big, too many fields, a field twice, not a form', async () => {
    const port = conformancePort();
    const m = await mount({ port, expressOnly });
    const fields = { sessionId: newSessionId(), serviceCode: CODE, phoneNumber: NUMBER, text: '' };
    expect(await post(m, form(fields, `&padding=${'x'.repeat(9000)}`))).toMatchObject({ status: 413, text: 'the body must be a USSD gateway form (application/x-www-form-urlencoded)' });
    expect(await post(m, form(fields, Array.from({ length: 20 }, (_, i) => `&f${i}=1`).join('')))).toMatchObject({ status: 413 });
    expect(await post(m, form(fields, `&sessionId=${newSessionId()}`))).toMatchObject({ status: 400, text: expect.stringMatching(/^invalid sessionId/) });
    expect(await post(m, JSON.stringify(fields), { contentType: 'application/json' })).toMatchObject({ status: 400 });
    // An odd field name is a field like any other.
    expect(await post(m, form(fields, '&__proto__=x&constructor=y'))).toMatchObject({ status: 200, text: expect.stringMatching(/^CON /) });
    expect(port.calls.map((c) => c.op)).toEqual(['start']);
  });
});
