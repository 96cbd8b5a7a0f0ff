import { describe, expect, it } from 'vitest';
import { Flow } from '@griot/flows';
import { handoffQueueNames } from './handoffQueueNames.ts';

/** A flow with handoff nodes to `queues`, `set` nodes, an input and declared variables, as an editor would draw it. */
function flowWith(queues: string[], extra: { nodes?: unknown[]; variables?: unknown[] } = {}): Flow {
  const fr = { fr: { text: 'Un instant.' } };
  return Flow.parse({
    schemaVersion: 2,
    id: 'queues',
    name: 'Queues',
    locales: [
      { code: 'fr', name: 'Français', tts: null, asr: null },
      { code: 'fon', name: 'Fon', tts: null, asr: null },
    ],
    variables: [{ name: 'segment' }, { name: 'account' }, ...(extra.variables ?? [])],
    nodes: [
      { id: 'start', type: 'start' },
      { id: 'a', type: 'set', assignments: [{ variable: 'segment', value: 'gold' }] },
      { id: 'b', type: 'set', assignments: [{ variable: 'segment', value: 'silver' }] },
      { id: 'ask', type: 'input', kind: 'text', variable: 'account', prompt: fr },
      ...queues.map((queue, i) => ({ id: `h${i}`, type: 'handoff', queue, prompt: fr })),
      ...(extra.nodes ?? []),
    ],
    edges: [],
  });
}

describe('the queues a flow can hand over to', () => {
  it('spells a template out for each value the flow gives its placeholders', () => {
    expect(handoffQueueNames(flowWith(['support', 'support-{{caller.locale}}', '{{segment | upper}}-{{caller.locale}}'])).sort()).toEqual(
      ['GOLD-fon', 'GOLD-fr', 'SILVER-fon', 'SILVER-fr', 'support', 'support-fon', 'support-fr'].sort(),
    );
  });

  it('gives nothing for a template any text could fill: typed by the caller, an expression, another template, a remembered value, a filter that reformats', () => {
    const flow = flowWith(['typed-{{account}}', 'calc-{{score}}', 'mixed-{{label}}', 'kept-{{lastQueue}}', 'n-{{segment | number}}', 'x-{{vars.queue}}', 'k-{{caller.number}}'], {
      variables: [{ name: 'score', type: 'number' }, { name: 'label' }, { name: 'lastQueue', persist: true, default: 'vip' }],
      nodes: [
        { id: 'c', type: 'set', assignments: [{ variable: 'score', expression: 'score + 1' }] },
        { id: 'd', type: 'set', assignments: [{ variable: 'label', value: 'l-{{account}}' }] },
      ],
    });
    expect(handoffQueueNames(flow)).toEqual([]);
  });

  it('counts a declared default, and nothing for a placeholder never set', () => {
    const flow = flowWith(['tier-{{tier}}', 'none-{{unset}}'], { variables: [{ name: 'tier', default: 'basic' }] });
    expect(handoffQueueNames(flow)).toEqual(['tier-basic']);
  });

  it('gives nothing past 200 names: that is no list an agent picks from', () => {
    const values = Array.from({ length: 15 }, (_, i) => ({ id: `s${i}`, type: 'set', assignments: [{ variable: 'segment', value: `v${i}` }] }));
    // (15 + 2 set values) × (15 + 2) = 289 names.
    expect(handoffQueueNames(flowWith(['{{segment}}-{{segment}}'], { nodes: values }))).toEqual([]);
    expect(handoffQueueNames(flowWith(['{{segment}}'], { nodes: values }))).toHaveLength(17);
  });
});
