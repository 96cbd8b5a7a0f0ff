import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFlow } from '../lint/parseFlow.ts';
import { Flow } from '../schema/flow.ts';
import { step } from '../interpreter/step.ts';
import { createSession } from '../interpreter/session.ts';
import { lintFlow } from '../lint/lintFlow.ts';
import { classifyFallback } from './classifyFallback.ts';
import { extractSlot, maskDigits } from './extractSlots.ts';
import { evaluateFallback, type LabelledUtterance } from './evaluate1919.ts';
import type { FlowEvent, Session } from '../interpreter/types.ts';

const example = parseFlow(JSON.parse(readFileSync(new URL('../../examples/1919-selfcare.json', import.meta.url), 'utf8')));
if (!example.ok) throw new Error('1919 flow does not parse');
const flow1919 = example.flow;
const evaluation = JSON.parse(readFileSync(new URL('./evaluation.json', import.meta.url), 'utf8')) as { utterances: LabelledUtterance[] };

describe('fallback classifier', () => {
  it('is insensitive to accents, case and small typos', () => {
    const intents = [
      { id: 'agent', examples: ['conseiller', 'parler à quelqu’un'] },
      { id: 'balance', examples: ['solde', 'crédit'] },
    ];
    expect(classifyFallback('CONSEILER svp', intents).intent).toBe('agent');
    expect(classifyFallback('mon credit', intents)).toMatchObject({ intent: 'balance', confidence: 1 });
    expect(classifyFallback('quel temps fait-il', intents).intent).toBeNull();
  });

  it('routes at least 90% of the labelled 1919 utterances right', () => {
    expect(evaluation.utterances.length).toBeGreaterThanOrEqual(60);
    const result = evaluateFallback(flow1919, evaluation.utterances);
    console.log(`fallback classifier on the 1919 evaluation set: ${result.correct}/${result.total} (${(result.accuracy * 100).toFixed(1)}%)`);
    expect(result.accuracy).toBeGreaterThanOrEqual(0.9);
  });
});

describe('slots and masking', () => {
  it('extracts a phone number and an amount, and masks digits for the model', () => {
    expect(extractSlot('envoyer au 01 97 00 00 02 svp', 'phone', 'BJ')).toBe('+2290197000002');
    expect(extractSlot('transférer 5 000 F à Awa', 'amount', 'BJ')).toBe(5000);
    expect(maskDigits('mon code est 1234 5678, merci')).toBe('mon code est •••, merci');
    expect(maskDigits('option 2')).toBe('option 2');
  });
});

describe('a menu that understands free words', () => {
  const start = (): Session => {
    let s = createSession(flow1919, { channel: 'voice', caller: { number: '+2290197000001', knownLocale: 'fr' }, flowVersion: 1 });
    s = step(flow1919, s, { type: 'start' }).session;
    expect(s.wait?.node).toBe('mainMenu');
    return s;
  };
  const say = (s: Session, text: string) => step(flow1919, s, { type: 'speech', text, confidence: 0.82 });

  it('asks the model with digits masked, and keeps the fallback answer', () => {
    const r = say(start(), 'ma puce est bloquée depuis le 12 mars 2025');
    const classify = r.effects.find((e) => e.type === 'classify');
    expect(classify).toMatchObject({ text: 'ma puce est bloquée depuis le 12 mars •••', speechConfidence: 0.82, locale: 'fr' });
    expect(r.session.wait).toMatchObject({ for: 'classifier', fallback: { intent: 'puk' } });
  });

  it.each([
    ['the model answers', { type: 'classification', outcome: 'ok', intent: 'puk', confidence: 0.93 }],
    ['no model is configured', { type: 'classification', outcome: 'unavailable' }],
    ['the model times out', { type: 'classification', outcome: 'timeout' }],
    ['the model answers nonsense', { type: 'classification', outcome: 'ok', intent: 'weather', confidence: 0.99 }],
  ] as Array<[string, FlowEvent]>)('takes "j\'ai besoin de débloquer ma sim" to the PUK path when %s', (_, answer) => {
    const asked = say(start(), "j'ai besoin de débloquer ma sim");
    const r = step(flow1919, asked.session, answer);
    expect(r.session.path).toContain('lookupSubscriber');
  });

  it('takes "je voudrais mon code PUK" to the PUK path at once (a synonym names the option)', () => {
    const r = say(start(), 'je voudrais mon code PUK');
    expect(r.session.path).toContain('lookupSubscriber');
  });

  it('re-prompts when the model is not sure', () => {
    const asked = say(start(), 'euh je sais pas');
    const r = step(flow1919, asked.session, { type: 'classification', outcome: 'ok', intent: 'momo', confidence: 0.2 });
    expect(r.session.wait).toMatchObject({ node: 'mainMenu', for: 'caller', noMatch: 1 });
  });

  it('says what the words were understood as, against the threshold, and who answered (for the simulator)', () => {
    const asked = say(start(), 'euh je sais pas');
    const unsure = step(flow1919, asked.session, { type: 'classification', outcome: 'ok', intent: 'momo', confidence: 0.2 });
    expect(unsure.understanding).toEqual([{ node: 'mainMenu', intent: 'momo', confidence: 0.2, threshold: expect.any(Number), source: 'model', model: 'ok' }]);
    expect(unsure.understanding?.[0]?.threshold).toBeGreaterThan(0.2);
    // No model configured: Griot's own matching answered.
    const alone = step(flow1919, say(start(), 'euh je sais pas').session, { type: 'classification', outcome: 'unavailable' });
    expect(alone.understanding).toMatchObject([{ node: 'mainMenu', source: 'fallback', model: 'unavailable', threshold: unsure.understanding?.[0]?.threshold }]);
    // Nothing understood in a step without free words.
    expect(step(flow1919, start(), { type: 'digits', digits: '1' }).understanding).toBeUndefined();
  });
});

describe('the intent node', () => {
  const flow = Flow.parse({
    schemaVersion: 2,
    id: 'bot',
    name: 'Bot',
    locales: [{ code: 'fr', name: 'Français', tts: { vendor: 'google' } }],
    variables: [
      { name: 'beneficiary', type: 'phone' },
      { name: 'amount', type: 'number' },
    ],
    nodes: [
      { id: 'start', type: 'start' },
      {
        id: 'ask',
        type: 'intent',
        prompt: { fr: { text: 'Que voulez-vous faire ?' } },
        intents: [
          { id: 'transfer', description: 'send mobile money', examples: { fr: ['envoyer de l’argent', 'transfert'] } },
          { id: 'agent', description: 'talk to a person', examples: { fr: ['conseiller'] } },
        ],
        slots: [
          { variable: 'beneficiary', kind: 'phone' },
          { variable: 'amount', kind: 'amount' },
        ],
      },
      { id: 'done', type: 'end' },
    ],
    edges: ['transfer', 'agent', 'noInput', 'noMatch']
      .map((output) => ({ id: `e-${output}`, source: 'ask', output, target: 'done' }))
      .concat([{ id: 'e0', source: 'start', output: 'next', target: 'ask' }]),
  });

  it('routes by intent and fills slots found locally, never sending the digits', () => {
    let s = step(flow, createSession(flow, { channel: 'whatsapp', caller: { number: '+2290197000001' }, flowVersion: null }), { type: 'start' }).session;
    const asked = step(flow, s, { type: 'text', text: 'je veux faire un transfert de 5000 F au 0197000002' });
    const classify = asked.effects.find((e) => e.type === 'classify');
    expect(JSON.stringify(classify)).not.toContain('0197000002');
    s = step(flow, asked.session, { type: 'classification', outcome: 'error' }).session;
    expect(s.vars).toMatchObject({ beneficiary: '+2290197000002', amount: 5000 });
    expect(s.path).toContain('done');
  });

  it('blocks publishing while a suggested translation is unreviewed', () => {
    const input = structuredClone(flow) as Flow;
    const node = input.nodes.find((n) => n.id === 'ask');
    if (node?.type === 'intent') node.intents[0]!.needsReview = ['fr'];
    expect(lintFlow(input).map((i) => i.code)).toContain('intent.unreviewed');
  });
});
