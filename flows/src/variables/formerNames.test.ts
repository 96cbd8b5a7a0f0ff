import { describe, expect, it } from 'vitest';
import { Flow, type FlowInput } from '../schema/flow.ts';
import { renameVariable } from './renameVariable.ts';
import { formerNamesHeld, underCurrentNames } from './formerNames.ts';
import { step } from '../interpreter/step.ts';
import { createSession } from '../interpreter/session.ts';

/** A flow that says what it remembers of the caller's preferred channel for agents. */
function flowWith(variable: string): Flow {
  return Flow.parse({
    schemaVersion: 2,
    id: 'memory',
    name: 'Memory',
    locales: [{ code: 'fr', name: 'Français', tts: { vendor: 'google' } }],
    variables: [{ name: variable, persist: true }],
    nodes: [
      { id: 'start', type: 'start' },
      { id: 'say', type: 'end', prompt: { fr: { text: `Vous préférez : {{${variable}}}.` } } },
    ],
    edges: [{ id: 'e1', source: 'start', output: 'next', target: 'say' }],
  } satisfies FlowInput);
}

const rename = (flow: Flow, from: string, to: string): Flow => {
  const result = renameVariable(flow, from, to);
  if (!result.ok) throw new Error(result.message);
  return result.flow;
};

/** What the caller hears on a contact that starts with `remembered` preloaded (`CallerMemory.preloadVariables`). */
function heard(flow: Flow, remembered: Record<string, string>): string[] {
  const session = { ...createSession(flow, { channel: 'voice', caller: { number: '+2290197000001' }, flowVersion: 3 }), vars: underCurrentNames(flow, remembered) };
  return step(flow, session, { type: 'start' })
    .effects.filter((e) => e.type === 'say')
    .map((e) => (e as { text: string }).text);
}

describe('former names of a variable renamed back (a → b → a)', () => {
  it('reads what was remembered while it had the other name, not the older value under its own', () => {
    // v1 remembered « canal » = voix; v2 called it « canalPrefere » and the caller chose WhatsApp; v3 takes the rename back.
    const v1 = flowWith('canal');
    const v2 = rename(v1, 'canal', 'canalPrefere');
    const v3 = rename(v2, 'canalPrefere', 'canal');
    // A profile as Griot kept it until now: the v1 value never left it, the v2 one beside it.
    const profile = { canal: 'voix', canalPrefere: 'whatsapp' };
    expect(heard(v2, profile)).toEqual(['Vous préférez : whatsapp.']);
    // Before: « voix », what the caller said before they changed it.
    expect(heard(v3, profile)).toEqual(['Vous préférez : whatsapp.']);
    // A value under its own name only (the caller not heard while it was « canalPrefere »): that one.
    expect(heard(v3, { canal: 'voix' })).toEqual(['Vous préférez : voix.']);
  });

  it('a variable renamed once still prefers a value already under its new name', () => {
    const v2 = rename(flowWith('canal'), 'canal', 'canalPrefere');
    expect(underCurrentNames(v2, { canal: 'voix', canalPrefere: 'whatsapp' })).toEqual({ canal: 'voix', canalPrefere: 'whatsapp' });
    expect(underCurrentNames(v2, { canal: 'voix' })).toEqual({ canalPrefere: 'voix' });
  });

  it('names the former names a profile holds, for the contact to forget once it has moved them', () => {
    const v3 = rename(rename(flowWith('canal'), 'canal', 'canalPrefere'), 'canalPrefere', 'canal');
    expect(formerNamesHeld(v3, { canal: 'voix', canalPrefere: 'whatsapp', langue: 'fr' })).toEqual(['canalPrefere']);
    expect(formerNamesHeld(v3, { canal: 'voix' })).toEqual([]);
    expect(formerNamesHeld(flowWith('canal'), { canalPrefere: 'whatsapp' })).toEqual([]);
  });
});
