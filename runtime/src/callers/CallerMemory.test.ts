import { describe, expect, it } from 'vitest';
import { createSession, renameVariable, type Flow, type Session } from '@griot/flows';
import { SqliteStore } from '../store/sqlite/SqliteStore.ts';
import { captureLogs, selfCareFlow } from '../conversations/testSupport.ts';
import { CallerMemory } from './CallerMemory.ts';
import type { RecalledCaller } from '../store/types.ts';

const PUK = '87654321';
const flow = selfCareFlow();

function turn(vars: Session['vars']): { before: Session; after: Session } {
  const before = createSession(flow, { channel: 'voice', caller: { number: '+2290197000002' }, flowVersion: 1 });
  return { before, after: { ...before, vars: { ...before.vars, ...vars } } };
}

describe('what a turn teaches about the caller', () => {
  it('remembers a persist variable, but never one holding a sensitive value of the contact, and says so without the value', () => {
    const { logger, lines } = captureLogs();
    const memory = new CallerMemory(new SqliteStore(':memory:'), logger);
    const plain = turn({ puk: PUK, segment: 'vip' });
    expect(memory.changesOf(flow, plain.before, plain.after, undefined)).toEqual({ variables: { segment: 'vip' } });
    expect(lines).toEqual([]);

    // However the copy was made (a stored version lint never saw, a backend echoing the code).
    for (const copy of [PUK, `PUK ${PUK}`, Number(PUK), { code: PUK }]) {
      const { before, after } = turn({ puk: PUK, segment: copy as Session['vars'][string] });
      expect(memory.changesOf(flow, before, after, undefined)).toBeNull();
    }
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ level: 40, event: 'caller.sensitiveNotRemembered', variable: 'segment' });
    expect(lines.join('')).not.toContain(PUK);
  });

  it("preloads only what the caller's profile holds: a persist variable named toString or constructor is not JavaScript's method", () => {
    const memory = new CallerMemory(new SqliteStore(':memory:'), captureLogs().logger);
    const named: Flow = {
      ...flow,
      variables: [...flow.variables, ...['toString', 'constructor'].map((name) => ({ name, type: 'string', persist: true }) as Flow['variables'][number])],
    };
    const profile = { number: '+2290197000002', variables: { segment: 'vip' } } as unknown as RecalledCaller;
    expect(memory.preloadVariables(named, profile)).toEqual({ segment: 'vip' });
    const remembered = { ...profile, variables: { segment: 'vip', toString: 'kept' } } as unknown as RecalledCaller;
    expect(memory.preloadVariables(named, remembered)).toEqual({ segment: 'vip', toString: 'kept' });
  });

  it('moves a profile to the current names once: the values under former names set under the new ones, the former names forgotten', () => {
    const memory = new CallerMemory(new SqliteStore(':memory:'), captureLogs().logger);
    const once = renameVariable(flow, 'segment', 'segmentClient');
    const back = once.ok ? renameVariable(once.flow, 'segmentClient', 'segment') : once;
    if (!once.ok || !back.ok) throw new Error('rename refused');
    const profile = (variables: Record<string, string>) => ({ number: '+2290197000002', variables }) as unknown as RecalledCaller;
    expect(memory.movedFormerNames(once.flow, profile({ segment: 'vip' }))).toEqual({
      variables: { segmentClient: 'vip' },
      forget: ['segment'],
      // What it was made from: applied only to a profile that still holds it.
      read: { segmentClient: null, segment: { value: 'vip' } },
    });
    // Already under the new name: kept, the older one forgotten.
    expect(memory.movedFormerNames(once.flow, profile({ segment: 'vip', segmentClient: 'gold' }))).toEqual({
      variables: { segmentClient: 'gold' },
      forget: ['segment'],
      read: { segmentClient: { value: 'gold' }, segment: { value: 'vip' } },
    });
    // Renamed back (segment → segmentClient → segment): the value written while it was « segmentClient » is the newer.
    expect(memory.movedFormerNames(back.flow, profile({ segment: 'vip', segmentClient: 'gold' }))).toEqual({
      variables: { segment: 'gold' },
      forget: ['segmentClient'],
      read: { segment: { value: 'vip' }, segmentClient: { value: 'gold' } },
    });
    // Nothing to move: nothing written.
    expect(memory.movedFormerNames(once.flow, profile({ segmentClient: 'gold' }))).toBeNull();
    expect(memory.movedFormerNames(flow, profile({ segment: 'vip' }))).toBeNull();
    expect(memory.movedFormerNames(once.flow, null)).toBeNull();
    // A former name another flow in service reads is kept: nothing moved (this flow reads it under the former name).
    expect(memory.movedFormerNames(once.flow, profile({ segment: 'vip' }), new Set(['segment']))).toBeNull();
    expect(memory.holdsFormerNames(once.flow, profile({ segment: 'vip' }))).toBe(true);
    expect(memory.holdsFormerNames(flow, profile({ segment: 'vip' }))).toBe(false);
  });

  it('reads what callers remember under a variable’s former name under its new one, after a rename published', () => {
    const memory = new CallerMemory(new SqliteStore(':memory:'), captureLogs().logger);
    const renamed = renameVariable(flow, 'segment', 'segmentClient');
    if (!renamed.ok) throw new Error(renamed.message);
    // Remembered by the version before the rename; the new version reads it under its new name.
    const before = { number: '+2290197000002', variables: { segment: 'vip' } } as unknown as RecalledCaller;
    expect(memory.preloadVariables(renamed.flow, before)).toEqual({ segmentClient: 'vip' });
    // Written since under the new name: that one, newer, wins.
    const both = { ...before, variables: { segment: 'vip', segmentClient: 'gold' } } as unknown as RecalledCaller;
    expect(memory.preloadVariables(renamed.flow, both)).toEqual({ segmentClient: 'gold' });
    // A new variable given the old name since is another variable: it keeps its own, the renamed one takes nothing of it.
    const reused: Flow = { ...renamed.flow, variables: [...renamed.flow.variables, { name: 'segment', type: 'string', sensitive: false, persist: true }] };
    expect(memory.preloadVariables(reused, before)).toEqual({ segment: 'vip' });
    // A former name two variables give (a hand-written document) is read by neither: one remembered value never becomes two.
    const twice: Flow = { ...renamed.flow, variables: [...renamed.flow.variables, { name: 'offre', type: 'string', sensitive: false, persist: true, formerNames: ['segment'] }] };
    expect(memory.preloadVariables(twice, before)).toEqual({});
  });
});
