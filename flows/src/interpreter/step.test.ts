import { describe, expect, it } from 'vitest';
import { step } from './step.ts';
import { createSession } from './session.ts';
import { sampleFlow, sampleFlowInput } from '../fixtures/sampleFlow.ts';
import { Flow } from '../schema/flow.ts';
import type { Effect, FlowEvent, Session } from './types.ts';

const flow = sampleFlow();
const caller = { number: '+2290197000001' };

function play(events: FlowEvent[], session = createSession(flow, { channel: 'voice', caller, flowVersion: 3 })) {
  let s: Session = session;
  const effects: Effect[][] = [];
  for (const e of [{ type: 'start' } as FlowEvent, ...events]) {
    const r = step(flow, s, e);
    s = r.session;
    effects.push(r.effects);
  }
  return { session: s, effects, last: effects[effects.length - 1] ?? [] };
}

const texts = (effects: Effect[]) => effects.flatMap((e) => (e.type === 'say' && e.text ? [e.text] : []));

describe('step', () => {
  it('offers the language menu in every language, each in its own voice, then asks on the keypad', () => {
    const { last, session } = play([]);
    expect(last.filter((e) => e.type === 'say').map((e) => (e as { locale: string }).locale)).toEqual(['fr', 'en', 'fon']);
    expect(last.find((e) => e.type === 'say' && e.locale === 'fon')).toMatchObject({ audio: 'fon/lang.wav' });
    expect(last.at(-1)).toMatchObject({ type: 'ask', kind: 'language', speech: false });
    expect(session.wait).toMatchObject({ node: 'language', for: 'caller' });
  });

  it('switches language on a key press and speaks the menu in it', () => {
    const { last, session } = play([{ type: 'digits', digits: '2' }]);
    expect(session.locale).toBe('en');
    expect(last[0]).toEqual({ type: 'locale', locale: 'en' });
    expect(texts(last)).toContain('Press 1 for your PUK code, 2 for an agent.');
  });

  it('skips the language menu for a caller whose language is remembered', () => {
    const s = createSession(flow, { channel: 'voice', caller: { ...caller, knownLocale: 'fr' }, flowVersion: 1 });
    const { effects, session } = play([], s);
    expect(texts(effects[0] ?? [])).toEqual(['Tapez 1 pour votre code PUK, 2 pour un conseiller.']);
    expect(session.wait?.node).toBe('menu');
    // Kept, not chosen: the runtime writes nothing over a language another contact chose meanwhile.
    expect(effects[0]?.[0]).toEqual({ type: 'locale', locale: 'fr', known: true });
  });

  it('says which variables a step assigned, even to the value they held, but not a `set` computed from the variable itself', () => {
    const counted = Flow.parse({
      ...sampleFlowInput(),
      variables: [
        { name: 'seuil', type: 'number', persist: true },
        { name: 'tier', type: 'string' },
      ],
      nodes: [
        { id: 'start', type: 'start' },
        {
          id: 'norm',
          type: 'set',
          assignments: [
            { variable: 'seuil', expression: 'seuil || 1000' },
            { variable: 'tier', value: 'gold' },
          ],
        },
        { id: 'bye', type: 'end', reason: 'done' },
      ],
      edges: [
        { id: 'a', source: 'start', output: 'next', target: 'norm' },
        { id: 'b', source: 'norm', output: 'next', target: 'bye' },
      ],
    });
    const s = createSession(counted, { channel: 'voice', caller, flowVersion: 1 });
    const result = step(counted, { ...s, vars: { seuil: 1000, tier: 'gold' } }, { type: 'start' });
    expect(result.session.vars).toEqual({ seuil: 1000, tier: 'gold' });
    expect(result.assigned).toEqual(['tier']);
  });

  it('asks for a look-up with the caller number URL-encoded and the secret left for the runtime', () => {
    const { last, session } = play([
      { type: 'digits', digits: '1' },
      { type: 'digits', digits: '1' },
    ]);
    const webhook = last.find((e) => e.type === 'webhook');
    expect(webhook).toMatchObject({
      node: 'lookup',
      backend: 'operator',
      url: '/subscribers/%2B2290197000001',
      headers: { Authorization: 'Bearer {{secret.OPERATOR_TOKEN}}' },
      waitPrompt: { text: 'Un instant.' },
    });
    expect(session.wait).toMatchObject({ node: 'lookup', for: 'webhook' });
  });

  it('reads the PUK digit by digit on voice and masks it in the transcript text', () => {
    const { last, session } = play([
      { type: 'digits', digits: '1' },
      { type: 'digits', digits: '1' },
      { type: 'webhook', outcome: 'response', status: 200, body: { puk: '12345678', segment: 'vip' } },
    ]);
    const say = last.find((e) => e.type === 'say' && e.node === 'readPuk');
    expect(say).toMatchObject({ text: 'Votre code PUK est 1, 2, 3, 4, 5, 6, 7, 8.', redacted: 'Votre code PUK est •••.' });
    expect(last.at(-1)).toMatchObject({ type: 'end', reason: 'served' });
    expect(session.status).toBe('ended');
  });

  it("shows the default locale's text on a channel that cannot play a recording-only prompt (USSD), and keeps the recording where it plays", () => {
    const onUssd = play([], createSession(flow, { channel: 'ussd', caller: { ...caller, knownLocale: 'fon' }, flowVersion: 1 }));
    expect(onUssd.effects[0]?.find((e) => e.type === 'say' && e.node === 'menu')).toEqual({ type: 'say', node: 'menu', locale: 'fr', text: 'Tapez 1 pour votre code PUK, 2 pour un conseiller.' });
    const onVoice = play([], createSession(flow, { channel: 'voice', caller: { ...caller, knownLocale: 'fon' }, flowVersion: 1 }));
    expect(onVoice.effects[0]?.find((e) => e.type === 'say' && e.node === 'menu')).toEqual({ type: 'say', node: 'menu', locale: 'fon', audio: 'fon/menu.wav' });
    // The language menu's own line stays in its language: no other text stands for it.
    const language = play([], createSession(flow, { channel: 'ussd', caller, flowVersion: 1 }));
    expect(language.last.filter((e) => e.type === 'say').map((e) => [(e as { locale: string }).locale, (e as { text?: string }).text])).toEqual([
      ['fr', 'Pour le français, tapez 1.'],
      ['en', 'For English, press 2.'],
      ['fon', undefined],
    ]);
  });

  it('shows the PUK whole on WhatsApp', () => {
    const s = createSession(flow, { channel: 'whatsapp', caller: { ...caller, knownLocale: 'fr' }, flowVersion: 1 });
    const { last } = play(
      [
        { type: 'text', text: 'mon code PUK svp' },
        { type: 'webhook', outcome: 'response', status: 200, body: { puk: '12345678' } },
      ],
      s,
    );
    expect(texts(last)).toContain('Votre code PUK est 12345678.');
  });

  it.each([
    [{ type: 'webhook', outcome: 'response', status: 404 } as FlowEvent, 'Numéro inconnu.'],
    [{ type: 'webhook', outcome: 'response', status: 503 } as FlowEvent, 'Service indisponible.'],
    [{ type: 'webhook', outcome: 'timeout' } as FlowEvent, 'Service indisponible.'],
    [{ type: 'webhook', outcome: 'error', message: 'ECONNREFUSED' } as FlowEvent, 'Service indisponible.'],
  ])('takes the right branch for a look-up answering %j', (event, expected) => {
    const { last } = play([{ type: 'digits', digits: '1' }, { type: 'digits', digits: '1' }, event]);
    expect(texts(last)).toContain(expected);
  });

  it('re-prompts after a wrong key, then takes noMatch after the retries', () => {
    const wrong = { type: 'digits', digits: '9' } as FlowEvent;
    const first = play([{ type: 'digits', digits: '1' }, wrong]);
    expect(texts(first.last)).toEqual(['Choix invalide.', 'Tapez 1 pour votre code PUK, 2 pour un conseiller.']);
    expect(first.last.at(-1)).toMatchObject({ type: 'ask', retry: 1 });
    const third = play([{ type: 'digits', digits: '1' }, wrong, wrong, wrong]);
    expect(third.last.find((e) => e.type === 'handoff')).toBeDefined();
  });

  it('ends politely after silence at the menu', () => {
    const silence = { type: 'noInput' } as FlowEvent;
    const { last, session } = play([{ type: 'digits', digits: '1' }, silence, silence, silence]);
    expect(texts(last)).toEqual(['Au revoir.']);
    expect(session.endReason).toBe('served');
  });

  it('hands off with the VIP priority and never hands over a sensitive value', () => {
    const { last } = play([
      { type: 'digits', digits: '1' },
      { type: 'digits', digits: '1' },
      { type: 'webhook', outcome: 'response', status: 404 },
      { type: 'digits', digits: '2' },
    ]);
    expect(last.find((e) => e.type === 'handoff')).toMatchObject({ queue: 'support-fr', priority: 999 });
    const vip = play([
      { type: 'digits', digits: '1' },
      { type: 'digits', digits: '1' },
      { type: 'webhook', outcome: 'response', status: 200, body: { puk: '11112222', segment: 'vip' } },
    ]);
    expect(vip.session.status).toBe('ended');
    const s = {
      ...createSession(flow, { channel: 'voice', caller, flowVersion: 1 }),
      status: 'active' as const,
      locale: 'fr',
      vars: { segment: 'vip', puk: '11112222' },
      wait: { node: 'menu', for: 'caller' as const, noInput: 0, noMatch: 0 },
    };
    const handoff = step(flow, s, { type: 'digits', digits: '2' }).effects.find((e) => e.type === 'handoff');
    expect(handoff).toMatchObject({ priority: 1, context: { variables: { segment: 'vip' } } });
    expect(JSON.stringify(handoff)).not.toContain('11112222');

    // Not through the reason either: a template naming a sensitive variable is masked there.
    const input = sampleFlowInput();
    const node = input.nodes.find((n) => n.id === 'handoff') as { reason: string };
    node.reason = 'PUK {{puk}} refusé';
    const revealing = step(Flow.parse(input), s, { type: 'digits', digits: '2' }).effects.find((e) => e.type === 'handoff');
    expect(revealing).toMatchObject({ reason: 'PUK ••• refusé', context: { reason: 'PUK ••• refusé' } });
    expect(JSON.stringify(revealing)).not.toContain('11112222');
  });

  it('understands a sentence containing an option synonym, in the caller language', () => {
    const s = createSession(flow, { channel: 'voice', caller: { ...caller, knownLocale: 'fr' }, flowVersion: 1 });
    const { session } = play([{ type: 'speech', text: "J'ai mon code bloqué", confidence: 0.8 }], s);
    expect(session.wait?.node).toBe('lookup');
  });

  it('jumps to the agent on the agent keyword', () => {
    const s = createSession(flow, { channel: 'whatsapp', caller: { ...caller, knownLocale: 'fr' }, flowVersion: 1 });
    const { last } = play([{ type: 'text', text: 'Conseiller' }], s);
    expect(last.find((e) => e.type === 'handoff')).toBeDefined();
  });

  it('takes a typed * as the menu key it is, not as a keyword that normalizes to nothing', () => {
    const input = sampleFlowInput();
    const menu = input.nodes.find((n) => n.id === 'menu') as { options: Array<{ key: string }> };
    menu.options[1]!.key = '*';
    input.settings = { ...input.settings, mainMenuNode: 'menu', agentNode: 'handoff', keywords: { mainMenu: { fr: ['?'] }, agent: { fr: ['conseiller'] } } };
    const starred = Flow.parse(input);
    const s = createSession(starred, { channel: 'whatsapp', caller: { ...caller, knownLocale: 'fr' }, flowVersion: 1 });
    const first = step(starred, s, { type: 'start' });
    const { effects } = step(starred, first.session, { type: 'text', text: '*' });
    expect(effects.find((e) => e.type === 'handoff')).toBeDefined();
  });

  it('does not change the session it is given and gives the same result twice', () => {
    const s = createSession(flow, { channel: 'voice', caller, flowVersion: 1 });
    const snapshot = JSON.stringify(s);
    const a = step(flow, s, { type: 'start' });
    const b = step(flow, s, { type: 'start' });
    expect(JSON.stringify(s)).toBe(snapshot);
    expect(a).toEqual(b);
  });

  it('never changes an earlier session, however later steps change variables', () => {
    const s = {
      ...createSession(flow, { channel: 'voice', caller, flowVersion: 1 }),
      status: 'active' as const,
      locale: 'fr',
      vars: { segment: 'vip', code: '1234' },
      wait: { node: 'menu', for: 'caller' as const, noInput: 0, noMatch: 0 },
    };
    const sessions: Session[] = [s];
    const snapshots = [JSON.stringify(s)];
    for (const event of [
      { type: 'digits', digits: '1' },
      { type: 'webhook', outcome: 'response', status: 200, body: { puk: '12345678' } },
    ] as FlowEvent[]) {
      const next = step(flow, sessions.at(-1) as Session, event).session;
      sessions.push(next);
      snapshots.push(JSON.stringify(next));
    }
    // The look-up answered without a segment: the variable is dropped from the new session only.
    expect(sessions.at(-1)?.vars).toEqual({ code: '1234', puk: '12345678' });
    expect(sessions.map((x) => JSON.stringify(x))).toEqual(snapshots);
    expect(s.vars).toEqual({ segment: 'vip', code: '1234' });
  });

  it('follows the flow it is given, not an earlier version of it sharing the same nodes', () => {
    const s = createSession(flow, { channel: 'voice', caller: { ...caller, knownLocale: 'fr' }, flowVersion: 1 });
    const edited: Flow = { ...flow, edges: flow.edges.map((e) => (e.id === 'e2' ? { ...e, target: 'bye' } : e)) };
    expect(step(flow, s, { type: 'start' }).session.wait?.node).toBe('menu');
    expect(step(edited, s, { type: 'start' }).session).toMatchObject({ status: 'ended', endReason: 'served' });
    expect(step(flow, s, { type: 'start' }).session.wait?.node).toBe('menu');
  });

  it('ends with an error effect, never silence, when an output leads nowhere', () => {
    const input = sampleFlowInput();
    input.edges = (input.edges ?? []).filter((e) => e.id !== 'e2');
    const broken = Flow.parse(input);
    const s = createSession(broken, { channel: 'voice', caller: { ...caller, knownLocale: 'fr' }, flowVersion: 1 });
    const r = step(broken, s, { type: 'start' });
    expect(r.effects.at(-1)).toEqual({ type: 'end', reason: 'error', node: 'language' });
    expect(r.issues[0]).toMatchObject({ severity: 'error', code: 'flow.unconnected', node: 'language', params: { output: expect.any(String) } });
    expect(r.session.status).toBe('ended');
  });

  it('stops a loop that never waits for the caller', () => {
    const loop = Flow.parse({
      schemaVersion: 2,
      id: 'loop',
      name: 'Loop',
      locales: [{ code: 'fr', name: 'Français' }],
      nodes: [
        { id: 'start', type: 'start' },
        { id: 'a', type: 'goto', target: 'b' },
        { id: 'b', type: 'goto', target: 'a' },
      ],
      edges: [{ id: 'e', source: 'start', output: 'next', target: 'a' }],
    });
    const r = step(loop, createSession(loop, { channel: 'voice', caller, flowVersion: null }), { type: 'start' });
    expect(r.issues[0]?.code).toBe('flow.loop');
    expect(r.effects.at(-1)).toMatchObject({ type: 'end', reason: 'error' });
  });

  it('ignores events after the end and records a hang-up', () => {
    const hung = play([{ type: 'hangup' }]);
    expect(hung.session).toMatchObject({ status: 'ended', endReason: 'hangup' });
    const after = step(flow, hung.session, { type: 'digits', digits: '1' });
    expect(after.effects).toEqual([]);
    expect(after.issues[0]?.code).toBe('session.ended');
  });

  it('keeps the session small', () => {
    const { session } = play([
      { type: 'digits', digits: '1' },
      { type: 'digits', digits: '1' },
    ]);
    expect(JSON.stringify(session).length).toBeLessThan(2048);
  });
});

describe('prompt variants per channel', () => {
  const input = sampleFlowInput();
  const menu = input.nodes.find((n) => n.id === 'menu') as { prompt: Record<string, Record<string, unknown>> };
  menu.prompt.fr = {
    text: 'Tapez 1 pour votre code PUK, 2 pour un conseiller.',
    variants: { sms: { text: 'Répondez 1 pour votre code PUK, 2 pour un conseiller.' }, buttons: { text: 'Que voulez-vous faire ?' } },
  };
  const readPuk = input.nodes.find((n) => n.id === 'readPuk') as { prompt: Record<string, Record<string, unknown>> };
  readPuk.prompt.fr = { text: 'Votre code PUK est {{puk | spell}}.', variants: { sms: { text: 'PUK: {{puk}}' } } };
  const varied = Flow.parse(input);
  const open = (channel: Session['channel'], locale = 'fr') => step(varied, createSession(varied, { channel, caller: { ...caller, knownLocale: locale }, flowVersion: 1 }), { type: 'start' });
  const said = (effects: Effect[]) => effects.filter((e) => e.type === 'say');

  it("says the channel's own wording where the prompt has one", () => {
    expect(said(open('sms').effects)).toEqual([expect.objectContaining({ text: 'Répondez 1 pour votre code PUK, 2 pour un conseiller.', variant: 'sms' })]);
  });

  it('words a menu shown as buttons for a tap, on every channel that shows it so', () => {
    expect(said(open('whatsapp').effects)[0]).toMatchObject({ text: 'Que voulez-vous faire ?', variant: 'buttons' });
    expect(said(open('webchat').effects)[0]).toMatchObject({ text: 'Que voulez-vous faire ?', variant: 'buttons' });
  });

  it("keeps the locale's text and recording on a call, and where a locale has no variants", () => {
    const voice = said(open('voice').effects)[0];
    expect(voice).toMatchObject({ text: 'Tapez 1 pour votre code PUK, 2 pour un conseiller.' });
    expect(voice).not.toHaveProperty('variant');
    expect(said(open('sms', 'en').effects)[0]).toEqual({ type: 'say', node: 'menu', locale: 'en', text: 'Press 1 for your PUK code, 2 for an agent.' });
  });

  it('renders the variant as a template, masking a sensitive value in the transcript text', () => {
    let s = open('sms').session;
    s = step(varied, s, { type: 'text', text: '1' }).session;
    const r = step(varied, s, { type: 'webhook', outcome: 'response', status: 200, body: { puk: '12345678' } });
    expect(said(r.effects).find((e) => e.node === 'readPuk')).toMatchObject({ text: 'PUK: 12345678', redacted: 'PUK: •••', variant: 'sms' });
  });
});

describe('a blank prompt', () => {
  it('is no prompt: the caller hears the first language, as lint warns (prompt.missingRecording), not silence', () => {
    const input = sampleFlowInput();
    const menu = input.nodes.find((n) => n.id === 'menu') as { prompt: Record<string, Record<string, unknown>> };
    menu.prompt.fon = { text: '   ' };
    const blank = Flow.parse(input);
    const r = step(blank, createSession(blank, { channel: 'voice', caller: { ...caller, knownLocale: 'fon' }, flowVersion: 1 }), { type: 'start' });
    expect(r.effects.find((e) => e.type === 'say' && e.node === 'menu')).toEqual({ type: 'say', node: 'menu', locale: 'fr', text: 'Tapez 1 pour votre code PUK, 2 pour un conseiller.' });
    expect(r.issues).toContainEqual(expect.objectContaining({ code: 'prompt.missingLocale', node: 'menu' }));
  });

  it("passes over a channel's blank variant for the locale's own text", () => {
    const input = sampleFlowInput();
    const menu = input.nodes.find((n) => n.id === 'menu') as { prompt: Record<string, Record<string, unknown>> };
    menu.prompt.fr = { text: 'Tapez 1 pour votre code PUK, 2 pour un conseiller.', variants: { sms: { text: ' \n' } } };
    const blank = Flow.parse(input);
    const r = step(blank, createSession(blank, { channel: 'sms', caller: { ...caller, knownLocale: 'fr' }, flowVersion: 1 }), { type: 'start' });
    expect(r.effects.filter((e) => e.type === 'say')).toEqual([{ type: 'say', node: 'menu', locale: 'fr', text: 'Tapez 1 pour votre code PUK, 2 pour un conseiller.' }]);
  });
});
