import { describe, expect, it } from 'vitest';
import type { Variable } from '@griot/flows';
import { sensitivityPatch } from './sensitivityPatch.ts';

const apply = (variable: Variable, patch: Partial<Variable>) => JSON.parse(JSON.stringify({ ...variable, ...patch })) as Variable;

describe('the « Sensible » switch of a variable', () => {
  it('turned off then on again, leaves a look-up answer as a new one is: no keptInClear, no sensitive: true', () => {
    const fresh: Variable = { name: 'ownerName', type: 'string', sensitive: false, persist: false };
    const off = apply(fresh, sensitivityPatch(fresh, true, false));
    expect(off).toEqual({ ...fresh, keptInClear: true });
    expect(apply(off, sensitivityPatch(off, true, true))).toEqual(fresh);
  });

  it('marks sensitive what a remembered answer or a plain variable needs marked', () => {
    const remembered: Variable = { name: 'segment', type: 'string', sensitive: false, persist: true };
    expect(sensitivityPatch(remembered, true, true)).toEqual({ sensitive: true, keptInClear: undefined });
    const plain: Variable = { name: 'choice', type: 'string', sensitive: false, persist: false };
    expect(sensitivityPatch(plain, false, true)).toEqual({ sensitive: true });
    expect(sensitivityPatch(plain, false, false)).toEqual({ sensitive: false });
  });
});
