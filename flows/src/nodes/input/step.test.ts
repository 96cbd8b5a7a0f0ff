import { describe, expect, it } from 'vitest';
import { InputNode } from './schema.ts';
import { readInput } from './step.ts';
import { Flow } from '../../schema/flow.ts';
import { createSession } from '../../interpreter/session.ts';
import { step } from '../../interpreter/step.ts';

const node = (kind: string, validation = {}) => InputNode.parse({ id: 'i', type: 'input', kind, variable: 'v', prompt: { fr: { text: 'x' } }, validation });

describe('readInput', () => {
  it('accepts digits within the length, spoken with spaces', () => {
    expect(readInput(node('digits', { minLength: 4, maxLength: 8 }), '12 34', 'BJ')).toBe('1234');
    expect(readInput(node('digits', { minLength: 4 }), '12', 'BJ')).toBeUndefined();
    expect(readInput(node('digits'), '12a', 'BJ')).toBeUndefined();
  });
  it('normalizes phone numbers to E.164 with the flow region', () => {
    expect(readInput(node('phone'), '01 97 00 00 01', 'BJ')).toBe('+2290197000001');
    expect(readInput(node('phone'), '+229 01 97 00 00 01', 'BJ')).toBe('+2290197000001');
    expect(readInput(node('phone'), '12', 'BJ')).toBeUndefined();
  });
  it('reads numbers with a decimal comma within bounds', () => {
    expect(readInput(node('number', { min: 0, max: 100 }), '12,5', 'BJ')).toBe(12.5);
    expect(readInput(node('number', { max: 10 }), '11', 'BJ')).toBeUndefined();
  });
});

describe('an input that links the caller (linkCaller)', () => {
  const flowWith = (kind: 'phone' | 'digits', linkCaller?: boolean) =>
    Flow.parse({
      schemaVersion: 2,
      id: 'link',
      name: 'Link',
      locales: [{ code: 'fr', name: 'Français', tts: null, asr: null }],
      variables: [{ name: 'phone', type: 'string' }],
      nodes: [
        { id: 'start', type: 'start' },
        { id: 'ask', type: 'input', kind, variable: 'phone', prompt: { fr: { text: 'Votre numéro ?' } }, ...(linkCaller !== undefined ? { linkCaller } : {}) },
        { id: 'bye', type: 'end', reason: 'done' },
      ],
      edges: [
        { id: 'e1', source: 'start', output: 'next', target: 'ask' },
        { id: 'e2', source: 'ask', output: 'ok', target: 'bye' },
        { id: 'e3', source: 'ask', output: 'noInput', target: 'bye' },
        { id: 'e4', source: 'ask', output: 'invalid', target: 'bye' },
      ],
      settings: { phoneRegion: 'BJ' },
    });
  const answer = (flow: Flow, text: string) => {
    const started = step(flow, createSession(flow, { channel: 'telegram', caller: { number: 'telegram:42' }, flowVersion: 1 }), { type: 'start' });
    return step(flow, started.session, { type: 'text', text });
  };

  it('asks the runtime to link the profile to the number given, in E.164', () => {
    const result = answer(flowWith('phone', true), '01 97 00 00 01');
    expect(result.effects.filter((e) => e.type === 'linkCaller')).toEqual([{ type: 'linkCaller', node: 'ask', number: '+2290197000001' }]);
    expect(result.session.vars.phone).toBe('+2290197000001');
  });

  it('links nothing unless the node says so, nor on an answer that is not a number', () => {
    expect(answer(flowWith('phone'), '01 97 00 00 01').effects.some((e) => e.type === 'linkCaller')).toBe(false);
    expect(answer(flowWith('phone', true), 'bonjour').effects.some((e) => e.type === 'linkCaller')).toBe(false);
    expect(answer(flowWith('digits', true), '0197000001').effects.some((e) => e.type === 'linkCaller')).toBe(false);
  });
});
