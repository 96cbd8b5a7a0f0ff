import { describe, expect, it } from 'vitest';
import type { Flow } from '@griot/flows';
import { nonSensitive } from '../src/handoff/CallbacksOut.ts';

/** A version of 1919 stored without lint, where `set pukCopy = puk` copies the PUK. */
const flow = {
  variables: [
    { name: 'puk', type: 'digits', sensitive: true },
    { name: 'pukCopy', type: 'string' },
    { name: 'segment', type: 'string' },
  ],
  nodes: [{ id: 'setFound', type: 'set', assignments: [{ variable: 'pukCopy', expression: 'puk' }] }],
} as unknown as Flow;

describe('the context a callback call carries to jambonz', () => {
  it('leaves out sensitive variables and their copies, and secrets, keeping the rest', () => {
    const tagged = nonSensitive({ puk: '12345678', pukCopy: '12345678', segment: 'vip', 'secret.OPERATOR_TOKEN': 'x' }, flow);
    expect(tagged).toEqual({ segment: 'vip' });
    expect(JSON.stringify(tagged)).not.toContain('12345678');
  });
});
