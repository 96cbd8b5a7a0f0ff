import type { DialTarget } from './verbs.ts';

const AGENT = /\{\{\s*agent\s*\}\}/g;

export type AgentTargetCheck = { ok: true } | { ok: false; problem: string };

/**
 * Where a callback's subscriber is put through to the agent who took it, from an operator's
 * template: `sip:{{agent}}@agents.example.bj` (a SIP URI), `user:{{agent}}` or
 * `user:{{agent}}@sip.example.bj` (a user registered on jambonz), or a number (`+22921300000`,
 * an ACD hunt group). `{{agent}}` is the agent's Griot username, URI-escaped (`a@b` → `a%40b`).
 */
export function agentTargetFor(template: string, agent: string): DialTarget {
  const filled = template.trim().replace(AGENT, encodeURIComponent(agent));
  if (/^sips?:/i.test(filled)) return { type: 'sip', sipUri: filled };
  if (/^user:/i.test(filled)) return { type: 'user', name: filled.slice('user:'.length) };
  return { type: 'phone', number: filled };
}

/** Whether a template gives a target jambonz can dial (checked once, at start-up). */
export function checkAgentTarget(template: string): AgentTargetCheck {
  const target = agentTargetFor(template, 'agent');
  switch (target.type) {
    case 'sip':
      return /^sips?:[^\s@]+@[^\s@]+$/i.test(target.sipUri) ? { ok: true } : { ok: false, problem: 'a SIP URI such as sip:{{agent}}@agents.example.bj' };
    case 'user':
      return /^[^\s@:]+(@[^\s@]+)?$/.test(target.name) ? { ok: true } : { ok: false, problem: 'a registered user such as user:{{agent}} or user:{{agent}}@sip.example.bj' };
    case 'phone':
      return /^\+?\d{2,20}$/.test(target.number) ? { ok: true } : { ok: false, problem: 'sip:…, user:… or a number such as +22921300000' };
  }
}
