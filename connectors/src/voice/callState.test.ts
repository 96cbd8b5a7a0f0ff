import { describe, expect, it } from 'vitest';
import { sameState, type CallState } from './callState.ts';

const state: CallState = {
  v: 1,
  session: 'voice:CA-1',
  binding: 'b-1919',
  flow: '1919-selfcare',
  flowVersion: 3,
  locale: 'fr',
  node: 'menu',
  defaults: { tts: { vendor: 'google', language: 'fr-FR', voice: 'fr-FR-Wavenet-A' }, asr: { vendor: 'google', language: 'fr-FR' } },
  speak: { locale: 'fr', synthesizer: { vendor: 'google', language: 'fr-FR' } },
  queue: { name: 'support-fr', priority: 5, offerPlay: { url: ['https://media.example/a.mp3', 'https://media.example/b.mp3'] } },
  handoff: { reason: 'agent', callerNumber: '+2290197000001', variables: { plan: 'prepaid', tries: [1, 2] } },
};

/** The state with one value changed, removed, set undefined or moved, at every depth. */
function variants(value: unknown): unknown[] {
  const out: unknown[] = [value, undefined, null, 0, 1, '', 'x', [], {}, [1], Number.NaN];
  if (typeof value !== 'object' || value === null) return out;
  if (Array.isArray(value)) {
    out.push(
      [...value].reverse(),
      value.slice(1),
      [...value, undefined],
      value.map(() => undefined),
    );
    value.forEach((item, i) => {
      for (const changed of variants(item)) out.push(value.map((v, j) => (j === i ? changed : v)));
    });
    return out;
  }
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  out.push(Object.fromEntries(Object.entries(object).reverse()), { ...object, added: 1 }, { ...object, added: undefined }, { added: undefined, ...object });
  for (const key of keys) {
    const { [key]: _gone, ...without } = object;
    out.push(without, { ...without, [key]: object[key] });
    for (const changed of variants(object[key])) out.push({ ...object, [key]: changed });
  }
  return out;
}

describe('whether a call state changed (a new tag verb)', () => {
  it('says "same" exactly when the two would serialise to the same JSON, except values JSON writes as null', () => {
    let same = 0;
    for (const other of variants(state)) {
      const expected = JSON.stringify(other) === JSON.stringify(state);
      const got = sameState(other as CallState, state);
      // Never "same" where the texts differ: that would skip a tag jambonz needs.
      if (got) expect(expected).toBe(true);
      // "Different" where the texts are the same only for what JSON writes as null (NaN, undefined items): a tag sent again.
      if (expected && !got) expect(JSON.stringify(other)).toMatch(/null/);
      if (got) same += 1;
    }
    expect(same).toBeGreaterThan(5);
    expect(sameState(structuredClone(state), state)).toBe(true);
    expect(sameState(undefined, state)).toBe(false);
  });
});
