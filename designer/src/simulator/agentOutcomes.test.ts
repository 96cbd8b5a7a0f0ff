import { describe, expect, it } from 'vitest';
import { createSession, Flow, step, type FlowEvent, type FlowNode } from '@griot/flows';
import { agentOutcomes } from './agentOutcomes.ts';
import type { SimulatorTurn } from './simulatorStore.ts';

/** A caller handed to an agent: on WhatsApp when `continueOn` is given. */
function agentFlow(continueOn?: 'whatsapp'): Flow {
  const outputs = continueOn ? ['continued', 'done', 'unavailable'] : ['done', 'unavailable', 'callback'];
  return Flow.parse({
    schemaVersion: 2,
    id: 'agent',
    name: 'Agent',
    locales: [{ code: 'fr', name: 'Français', tts: { vendor: 'google' } }],
    nodes: [
      { id: 'start', type: 'start' },
      { id: 'agent', type: 'handoff', queue: 'support', ...(continueOn ? { continueOn, continueMessage: { fr: 'Un conseiller vous répond ici.' } } : {}) },
      ...outputs.map((output) => ({ id: `after-${output}`, type: 'end' as const })),
    ],
    edges: [{ id: 'e0', source: 'start', output: 'next', target: 'agent' }, ...outputs.map((output, i) => ({ id: `e${i + 1}`, source: 'agent', output, target: `after-${output}` }))],
  });
}

/** Runs the flow on the interpreter as the preview server does, up to the agent. */
function callUntilAgent(flow: Flow) {
  const started = step(flow, createSession(flow, { channel: 'voice', caller: { number: '+2290197000001' }, flowVersion: null }), { type: 'start' });
  const turns: SimulatorTurn[] = [{ event: { type: 'start' }, effects: started.effects, issues: started.issues, lookups: [], at: 'agent', ended: false }];
  return { session: started.session, turns, node: flow.nodes.find((n) => n.id === 'agent') as FlowNode };
}

describe("the simulator's agent outcomes", () => {
  it('a plain handoff offers done, unavailable and callback', () => {
    const { turns, node } = callUntilAgent(agentFlow());
    expect(agentOutcomes('agent', node, turns)).toEqual(['done', 'unavailable', 'callback']);
  });

  it('a handoff that continues on WhatsApp offers continued instead of callback, and continued leaves through its edge', () => {
    const flow = agentFlow('whatsapp');
    const { session, turns, node } = callUntilAgent(flow);
    const outcomes = agentOutcomes('agent', node, turns);
    expect(outcomes).toEqual(['continued', 'done', 'unavailable']);
    const event: FlowEvent = { type: 'handoff', outcome: 'continued' };
    const after = step(flow, session, event);
    expect(after.session.path.at(-1)).toBe('after-continued');
    expect(after.issues).toEqual([]);
  });

  it('a published version (not the draft on screen) is read from its handoff effect', () => {
    const { turns } = callUntilAgent(agentFlow('whatsapp'));
    expect(agentOutcomes('agent', undefined, turns)).toEqual(['continued', 'done', 'unavailable']);
    expect(agentOutcomes('agent', undefined, callUntilAgent(agentFlow()).turns)).toEqual(['done', 'unavailable', 'callback']);
  });
});
