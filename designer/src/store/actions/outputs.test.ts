import { describe, expect, it } from 'vitest';
import { Flow, lintFlow, outputsOf, type FlowInput } from '@griot/flows';
import { createDocumentStore } from '../documentStore.ts';

function agentFlow(): Flow {
  const input: FlowInput = {
    schemaVersion: 2,
    id: 'agent',
    name: 'Agent',
    locales: [
      { code: 'fr', name: 'Français', tts: { vendor: 'google' } },
      { code: 'en', name: 'English', tts: { vendor: 'google' } },
    ],
    nodes: [
      { id: 'start', type: 'start' },
      { id: 'agent', type: 'handoff', queue: 'support' },
      { id: 'thanks', type: 'end' },
      { id: 'sorry', type: 'end' },
      { id: 'later', type: 'end' },
    ],
    edges: [
      { id: 'e1', source: 'start', output: 'next', target: 'agent' },
      { id: 'e2', source: 'agent', output: 'done', target: 'thanks' },
      { id: 'e3', source: 'agent', output: 'unavailable', target: 'sorry' },
      { id: 'e4', source: 'agent', output: 'callback', target: 'later' },
    ],
  };
  return Flow.parse(input);
}

function openStore() {
  const store = createDocumentStore(() => 0);
  store.getState().load('agent', agentFlow(), 1);
  const doc = () => store.getState().doc as Flow;
  const agent = () => {
    const node = doc().nodes.find((n) => n.id === 'agent');
    if (node?.type !== 'handoff') throw new Error('no handoff node');
    return node;
  };
  return { store, doc, agent, actions: store.getState().actions };
}

const issuesOf = (flow: Flow) =>
  lintFlow(flow)
    .filter((i) => i.node === 'agent')
    .map((i) => `${i.code} ${i.field ?? ''}`.trim());

describe('handoff answered on another channel', () => {
  it('choosing WhatsApp trades the callback output for continued, and the callback edge goes', () => {
    const { doc, agent, actions } = openStore();
    actions.setHandoffContinueOn('agent', 'whatsapp');
    expect(agent().continueOn).toBe('whatsapp');
    expect(outputsOf(agent())).toEqual(['continued', 'done', 'unavailable']);
    expect(doc().edges.map((e) => e.id)).toEqual(['e1', 'e2', 'e3']);
    // The new output waits to be connected, and the message to be written.
    expect(issuesOf(doc())).toEqual(expect.arrayContaining(['output.unconnected outputs.continued', 'handoff.continueMessage continueMessage']));
  });

  it('the message is written per locale; a missing locale is flagged on its own line', () => {
    const { doc, agent, actions } = openStore();
    actions.setHandoffContinueOn('agent', 'whatsapp');
    actions.setLabel('agent', 'continueMessage', 'fr', 'Bonjour {{caller.number}}, un conseiller vous répond ici.');
    expect(agent().continueMessage).toEqual({ fr: 'Bonjour {{caller.number}}, un conseiller vous répond ici.' });
    const issues = issuesOf(doc());
    expect(issues).toContain('label.missingLocale continueMessage.en');
    expect(issues).not.toContain('handoff.continueMessage continueMessage');
    expect(issues).not.toContain('label.missingLocale continueMessage.fr');
  });

  it('back to no other channel: callback returns, continued and the message go with their edge, in one undo step', () => {
    const { store, doc, agent, actions } = openStore();
    actions.setHandoffContinueOn('agent', 'whatsapp');
    actions.setLabel('agent', 'continueMessage', 'fr', 'Un conseiller vous répond ici.');
    actions.connect('agent', 'continued', 'thanks');
    const connected = doc();
    actions.setHandoffContinueOn('agent', undefined);
    expect(agent()).not.toHaveProperty('continueOn');
    expect(agent()).not.toHaveProperty('continueMessage');
    expect(outputsOf(agent())).toEqual(['done', 'unavailable', 'callback']);
    expect(doc().edges.some((e) => e.source === 'agent' && e.output === 'continued')).toBe(false);
    expect(store.getState().past.at(-1)?.name).toBe('continueOn');
    store.getState().undo();
    expect(doc()).toBe(connected);
  });

  it('choosing the channel it already has changes nothing', () => {
    const { store, actions } = openStore();
    actions.setHandoffContinueOn('agent', undefined);
    expect(store.getState().past).toEqual([]);
  });
});
