import { describe, expect, it } from 'vitest';
import { agentTargetFor, checkAgentTarget } from './agentTarget.ts';

describe('the agent a callback is put through to', () => {
  it('fills the template with the agent’s username: a SIP URI, a jambonz user or a number', () => {
    expect(agentTargetFor('sip:{{agent}}@agents.example.bj', 'awa')).toEqual({ type: 'sip', sipUri: 'sip:awa@agents.example.bj' });
    expect(agentTargetFor('sip:{{ agent }}@agents.example.bj', 'awa@operator.bj')).toEqual({ type: 'sip', sipUri: 'sip:awa%40operator.bj@agents.example.bj' });
    expect(agentTargetFor('user:{{agent}}@sip.example.bj', 'kofi')).toEqual({ type: 'user', name: 'kofi@sip.example.bj' });
    expect(agentTargetFor('+22921300100', 'kofi')).toEqual({ type: 'phone', number: '+22921300100' });
  });

  it('refuses a template jambonz could not dial', () => {
    expect(checkAgentTarget('sip:{{agent}}@agents.example.bj')).toEqual({ ok: true });
    expect(checkAgentTarget('user:{{agent}}')).toEqual({ ok: true });
    expect(checkAgentTarget('agents.example.bj')).toMatchObject({ ok: false });
    expect(checkAgentTarget('sip:agents')).toMatchObject({ ok: false });
  });
});
