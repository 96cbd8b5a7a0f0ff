import { describe, expect, it } from 'vitest';
import { checkTestCase, inputKindOf, inputValueOf, makeInput, parseFixtureJson, parseVariablesJson } from './testCaseDraft.ts';

describe('the test editor’s fields', () => {
  it('turns a step input into two fields and back', () => {
    for (const input of [{ digits: '12' }, { text: 'solde' }, { choice: 'o1' }, { silence: true as const }, { hangup: true as const }, { handoff: 'callback' as const }]) {
      expect(makeInput(inputKindOf(input), inputValueOf(input))).toEqual(input);
    }
    expect(makeInput('none', '')).toBeUndefined();
    expect(makeInput('speech', 'mon solde')).toEqual({ speech: 'mon solde', confidence: 0.9 });
  });

  it('accepts a fixture typed as JSON and says what is wrong with a bad one', () => {
    expect(parseFixtureJson('{"status": 200, "body": {"puk": "47192836"}}')).toEqual({ ok: true, value: { status: 200, body: { puk: '47192836' } } });
    expect(parseFixtureJson('[{"timeout": true}, {"status": 404}]')).toEqual({ ok: true, value: [{ timeout: true }, { status: 404 }] });
    expect(parseFixtureJson('{"status": 200,')).toMatchObject({ ok: false });
    const wrong = parseFixtureJson('{"status": "ok"}');
    expect(wrong.ok).toBe(false);
  });

  it('reads expected variables as a JSON object', () => {
    expect(parseVariablesJson('')).toEqual({ ok: true, value: undefined });
    expect(parseVariablesJson('{"segment": "vip"}')).toEqual({ ok: true, value: { segment: 'vip' } });
    expect(parseVariablesJson('[1]')).toMatchObject({ ok: false });
  });

  it('checks the whole case against the schema', () => {
    expect(checkTestCase({ name: 'x', steps: [{ input: { digits: '1' } }] })).toMatchObject({ ok: true });
    const bad = checkTestCase({ name: '', steps: [{ input: { digits: 'abc' } }] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/steps\.0\.input/);
  });
});
