import { describe, expect, it } from 'vitest';
import { createSession, MASK, type Flow } from '@griot/flows';
import { selfCareFlow } from './testSupport.ts';
import { maskSessionState } from './maskSessionState.ts';

describe('maskSessionState', () => {
  it("masks the sensitive variables a session holds, and lists none it never set, even one named like JavaScript's object methods", () => {
    const base = selfCareFlow();
    const flow: Flow = {
      ...base,
      variables: [...base.variables, ...['toString', 'constructor'].map((name) => ({ name, type: 'string', sensitive: true }) as Flow['variables'][number])],
    };
    const session = createSession(flow, { channel: 'voice', caller: { number: '+2290197000002' }, flowVersion: 1 });
    const state = maskSessionState(flow, { ...session, vars: { ...session.vars, puk: '87654321' } });
    expect(state.vars.puk).toBe(MASK);
    expect(Object.keys(state.vars)).not.toContain('toString');
    expect(Object.keys(state.vars)).not.toContain('constructor');
    expect(maskSessionState(flow, { ...session, vars: { ...session.vars, toString: 'secret words' } }).vars.toString).toBe(MASK);
  });
});
