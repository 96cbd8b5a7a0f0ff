import { describe, expect, it } from 'vitest';
import { sampleFlow } from '../fixtures/sampleFlow.ts';
import { audioNamesOf } from './audioNames.ts';

describe('audioNamesOf', () => {
  it('finds the recordings of every locale and variant, and nothing else', () => {
    const flow = sampleFlow();
    const names = audioNamesOf(flow);
    expect(names.size).toBeGreaterThan(0);
    for (const name of names) expect(name).toMatch(/^fon\/.+\.wav$/);
    const first = flow.nodes.find((n) => 'prompt' in n && n.prompt)!;
    const withVariant = {
      nodes: flow.nodes.map((n) => (n === first ? { ...n, prompt: { ...(n as { prompt: object }).prompt, fon: { audio: 'fon/own.wav', variants: { keypad: { audio: 'fon/keypad.wav' } } } } } : n)),
    } as typeof flow;
    const withVariantNames = audioNamesOf(withVariant);
    expect(withVariantNames.has('fon/own.wav')).toBe(true);
    expect(withVariantNames.has('fon/keypad.wav')).toBe(true);
  });
});
