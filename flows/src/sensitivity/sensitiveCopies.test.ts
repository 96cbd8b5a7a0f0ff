import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lintFlow } from '../lint/lintFlow.ts';
import { hasErrors } from '../lint/types.ts';
import { Flow, type FlowInput } from '../schema/flow.ts';
import { sensitivityOf } from './sensitiveCopies.ts';
import { step } from '../interpreter/step.ts';
import { createSession } from '../interpreter/session.ts';
import type { Effect, FlowEvent, Session } from '../interpreter/types.ts';

const example = () => JSON.parse(readFileSync(new URL('../../examples/1919-selfcare.json', import.meta.url), 'utf8')) as FlowInput;
const nodeOf = (f: FlowInput, id: string) => f.nodes.find((n) => n.id === id) as Record<string, any>;

/** The security review's flow: the 1919 demo with the PUK copied into a remembered variable. */
function reviewedFlow(): FlowInput {
  const f = example();
  f.variables = [...(f.variables ?? []), { name: 'pukCopy', type: 'string', persist: true }];
  nodeOf(f, 'setFound').assignments.push({ variable: 'pukCopy', expression: 'puk' });
  return f;
}

type VariableInput = NonNullable<FlowInput['variables']>[number];

function withAssignment(assignment: { variable: string; value?: string; expression?: string }, variable: VariableInput = { name: 'pukCopy', type: 'string', persist: true }): Flow {
  const f = example();
  f.variables = [...(f.variables ?? []), variable];
  nodeOf(f, 'setFound').assignments.push(assignment);
  return Flow.parse(f);
}

const errorsOf = (flow: Flow) => lintFlow(flow).filter((i) => i.severity === 'error');

describe('sensitive copies', () => {
  it('lints the 1919 demo as before: no error, eight sensitive values shown in prompts (the PUK, the two balances, Mobile Money’s)', () => {
    const issues = lintFlow(Flow.parse(example()));
    expect(hasErrors(issues)).toBe(false);
    expect(issues.filter((i) => i.code === 'prompt.sensitive').map((i) => i.node)).toContain('balanceReadout');
    expect(issues.filter((i) => i.code === 'prompt.sensitive')).toHaveLength(8);
    expect(sensitivityOf(Flow.parse(example())).copies.size).toBe(0);
  });

  it("refuses to publish the review's flow: a remembered copy of the PUK", () => {
    const errors = errorsOf(Flow.parse(reviewedFlow()));
    expect(errors).toEqual([expect.objectContaining({ code: 'variable.sensitiveCopy', node: 'setFound', field: 'assignments.1.expression', params: { variable: 'pukCopy', source: 'puk' } })]);
    expect(errors[0]?.message).toContain('pukCopy');
  });

  it('follows the value through templates, functions, arithmetic and copies of copies', () => {
    for (const assignment of [
      { variable: 'pukCopy', value: 'PUK {{puk | spell}}' },
      { variable: 'pukCopy', expression: 'upper(puk)' },
      { variable: 'pukCopy', expression: 'subscriberFound ? puk : ""' },
      { variable: 'pukCopy', expression: '"x" + tx.amount' },
      { variable: 'pukCopy', expression: 'contactReason || momoBalance' },
    ]) {
      expect(
        errorsOf(withAssignment(assignment)).map((i) => i.code),
        JSON.stringify(assignment),
      ).toEqual(['variable.sensitiveCopy']);
    }
    const f = reviewedFlow();
    f.variables = [...(f.variables ?? []), { name: 'relay', type: 'string' }];
    const set = nodeOf(f, 'setFound');
    set.assignments = [
      { variable: 'subscriberFound', expression: 'true' },
      { variable: 'relay', expression: 'puk' },
      { variable: 'pukCopy', value: '{{relay}}' },
    ];
    const flow = Flow.parse(f);
    expect([...sensitivityOf(flow).copies.keys()].sort()).toEqual(['pukCopy', 'relay']);
    expect(errorsOf(flow)).toEqual([expect.objectContaining({ code: 'variable.sensitiveCopy', field: 'assignments.2.value', params: { variable: 'pukCopy', source: 'relay' } })]);
  });

  it('lets a flow remember what only tells about a sensitive value, or comes from elsewhere', () => {
    for (const assignment of [
      { variable: 'pukCopy', expression: 'isSet(puk) ? "yes" : "no"' },
      { variable: 'pukCopy', expression: 'len(puk) == 8' },
      { variable: 'pukCopy', expression: 'segment' },
      { variable: 'pukCopy', value: '{{caller.locale}}-{{segment}}' },
    ]) {
      expect(errorsOf(withAssignment(assignment)), JSON.stringify(assignment)).toEqual([]);
    }
    // A boolean holds yes or no, never the code.
    expect(errorsOf(withAssignment({ variable: 'pukSeen', expression: 'puk' }, { name: 'pukSeen', type: 'boolean', persist: true }))).toEqual([]);
  });

  it('takes a boolean a look-up answer is mapped into for a copy: the mapping keeps the value, not yes or no', () => {
    const f = example();
    f.variables = [...(f.variables ?? []), { name: 'pukFound', type: 'boolean', persist: true }];
    nodeOf(f, 'lookupSubscriber').responseMapping.push({ variable: 'pukFound', path: '$.puk' });
    const flow = Flow.parse(f);
    expect(sensitivityOf(flow).names.has('pukFound')).toBe(true);
    expect(errorsOf(flow)).toEqual([expect.objectContaining({ code: 'variable.sensitiveCopy', node: 'lookupSubscriber', params: { variable: 'pukFound', source: 'puk' } })]);
    // What it would hold: the code itself, as the answer had it.
    let result = step(flow, createSession(flow, { channel: 'whatsapp', caller: { number: '+2290197000001' }, flowVersion: 1 }), { type: 'start' } as FlowEvent);
    const lookingUp = () => result.effects.some((e) => e.type === 'webhook' && e.node === 'lookupSubscriber');
    // The language, then the PUK in the main menu.
    for (let i = 0; i < 4 && !lookingUp(); i++) result = step(flow, result.session, { type: 'text', text: '1' } as FlowEvent);
    expect(lookingUp()).toBe(true);
    const answered = step(flow, result.session, { type: 'webhook', outcome: 'response', status: 200, body: { segment: 'vip', puk: '11223344', balance: {}, momo: {} } } as FlowEvent);
    expect(answered.session.vars.pukFound).toBe('11223344');
  });

  it('takes a look-up mapping that holds a sensitive answer for a copy of it', () => {
    const f = example();
    f.variables = [...(f.variables ?? []), { name: 'momo', type: 'json', persist: true }];
    nodeOf(f, 'lookupSubscriber').responseMapping.push({ variable: 'momo', path: '$.momo' });
    expect(errorsOf(Flow.parse(f))).toEqual([expect.objectContaining({ code: 'variable.sensitiveCopy', node: 'lookupSubscriber', field: 'responseMapping.6' })]);
    // `$.balance` holds the balances (account data, sensitive in the demo): a copy too.
    nodeOf(f, 'lookupSubscriber').responseMapping.pop();
    nodeOf(f, 'lookupSubscriber').responseMapping.push({ variable: 'momo', path: '$.balance' });
    expect(errorsOf(Flow.parse(f))).toEqual([expect.objectContaining({ code: 'variable.sensitiveCopy', node: 'lookupSubscriber', field: 'responseMapping.6' })]);
    // `$.name` does not hold `$.puk` nor a balance, nor the reverse.
    nodeOf(f, 'lookupSubscriber').responseMapping.pop();
    nodeOf(f, 'lookupSubscriber').responseMapping.push({ variable: 'momo', path: '$.name' });
    expect(errorsOf(Flow.parse(f))).toEqual([]);
  });

  it('refuses a handoff queue named after a sensitive value or a copy of it (queue names reach analytics)', () => {
    const f = reviewedFlow();
    (f.variables ?? []).find((v) => v.name === 'pukCopy')!.persist = false;
    nodeOf(f, 'handoff').queue = 'support-{{pukCopy}}';
    expect(errorsOf(Flow.parse(f))).toEqual([expect.objectContaining({ code: 'handoff.sensitiveQueue', node: 'handoff', field: 'queue', params: { variable: 'pukCopy' } })]);
    nodeOf(f, 'handoff').queue = 'support-{{caller.locale}}-{{segment}}';
    expect(errorsOf(Flow.parse(f))).toEqual([]);
  });

  it('masks a copy of the PUK in transcripts like the PUK itself, and keeps it from agents', () => {
    const flow = Flow.parse({
      schemaVersion: 2,
      id: 'copy',
      name: 'Copy',
      locales: [{ code: 'fr', name: 'Français', tts: { vendor: 'google' }, asr: null }],
      variables: [
        { name: 'puk', type: 'digits', sensitive: true },
        { name: 'pukCopy', type: 'string' },
      ],
      nodes: [
        { id: 'start', type: 'start' },
        { id: 'copy', type: 'set', assignments: [{ variable: 'pukCopy', value: '{{puk}}' }] },
        { id: 'read', type: 'message', prompt: { fr: { text: 'Votre code : {{pukCopy}}' } } },
        { id: 'agent', type: 'handoff', queue: 'support', reason: 'code {{pukCopy}}', context: ['pukCopy'] },
        { id: 'end', type: 'end' },
      ],
      edges: [
        { id: 'e1', source: 'start', output: 'next', target: 'copy' },
        { id: 'e2', source: 'copy', output: 'next', target: 'read' },
        { id: 'e3', source: 'read', output: 'next', target: 'agent' },
        { id: 'e4', source: 'agent', output: 'done', target: 'end' },
        { id: 'e5', source: 'agent', output: 'unavailable', target: 'end' },
        { id: 'e6', source: 'agent', output: 'callback', target: 'end' },
      ],
    });
    const issues = lintFlow(flow);
    expect(hasErrors(issues)).toBe(false);
    expect(issues).toContainEqual(expect.objectContaining({ severity: 'warning', code: 'prompt.sensitive', node: 'read' }));
    expect(issues).toContainEqual(expect.objectContaining({ severity: 'warning', code: 'handoff.sensitive', node: 'agent' }));
    const session = createSession(flow, { channel: 'whatsapp', caller: { number: '+2290197000002' }, flowVersion: 1 });
    const { effects } = step(flow, { ...session, vars: { puk: '87654321' } } as Session, { type: 'start' } as FlowEvent);
    const said = effects.find((e): e is Extract<Effect, { type: 'say' }> => e.type === 'say');
    expect(said).toMatchObject({ text: 'Votre code : 87654321', redacted: 'Votre code : •••' });
    const handoff = effects.find((e): e is Extract<Effect, { type: 'handoff' }> => e.type === 'handoff');
    expect(handoff?.reason).toBe('code •••');
    expect(handoff?.context.variables).toEqual({});
  });

  describe("a look-up's answer in a variable the author did not mark", () => {
    /** The look-up maps the account owner's name into `ownerName`, which nobody marked; a prompt and the agent's context use it, and a queue named after `offer`. */
    function lookupFlow(ownerName: VariableInput, offer: VariableInput = { name: 'offer', type: 'string' }): Flow {
      return Flow.parse({
        schemaVersion: 2,
        id: 'lookup',
        name: 'Lookup',
        locales: [{ code: 'fr', name: 'Français', tts: { vendor: 'google' }, asr: null }],
        variables: [ownerName, offer],
        nodes: [
          { id: 'start', type: 'start' },
          {
            id: 'fetch',
            type: 'http',
            url: 'https://crm.example/accounts/{{caller.number}}',
            responseMapping: [
              { variable: 'ownerName', path: '$.owner.name' },
              { variable: 'offer', path: '$.offer' },
            ],
          },
          { id: 'read', type: 'message', prompt: { fr: { text: 'Bonjour {{ownerName}}' } } },
          { id: 'agent', type: 'handoff', queue: 'offre-{{offer}}', context: ['ownerName', 'offer'] },
          { id: 'end', type: 'end' },
        ],
        edges: [
          { id: 'e1', source: 'start', output: 'next', target: 'fetch' },
          { id: 'e2', source: 'fetch', output: 'ok', target: 'read' },
          { id: 'e3', source: 'read', output: 'next', target: 'agent' },
          { id: 'e4', source: 'agent', output: 'done', target: 'end' },
          { id: 'e5', source: 'agent', output: 'unavailable', target: 'end' },
          { id: 'e6', source: 'agent', output: 'callback', target: 'end' },
          { id: 'e7', source: 'fetch', output: 'notFound', target: 'end' },
          { id: 'e8', source: 'fetch', output: 'error', target: 'end' },
          { id: 'e9', source: 'fetch', output: 'timeout', target: 'end' },
        ],
      });
    }
    const answered = (flow: Flow) => {
      const started = step(flow, createSession(flow, { channel: 'whatsapp', caller: { number: '+2290197000003' }, flowVersion: 1 }), { type: 'start' } as FlowEvent);
      return step(flow, started.session, { type: 'webhook', outcome: 'response', status: 200, body: { owner: { name: 'Adjoa Mensah' }, offer: 'max' } } as FlowEvent);
    };

    it('is sensitive by default: masked in what the bot said, kept from the agent', () => {
      const flow = lookupFlow({ name: 'ownerName', type: 'string' });
      expect(sensitivityOf(flow).fetched.get('ownerName')).toEqual({ variable: 'ownerName', node: 'fetch', field: 'responseMapping.0' });
      const { effects } = answered(flow);
      expect(effects.find((e) => e.type === 'say')).toMatchObject({ text: 'Bonjour Adjoa Mensah', redacted: 'Bonjour •••' });
      const handoff = effects.find((e): e is Extract<Effect, { type: 'handoff' }> => e.type === 'handoff');
      expect(handoff?.context.variables).toEqual({});
      // A queue named after a look-up's answer is refused until its variable is said not to be sensitive.
      expect(errorsOf(flow)).toEqual([expect.objectContaining({ code: 'handoff.sensitiveQueue', params: { variable: 'offer', lookup: 'fetch' } })]);
    });

    it('is kept in clear when the author says so (keptInClear), or asked for it to be remembered across contacts', () => {
      const flow = lookupFlow({ name: 'ownerName', type: 'string', keptInClear: true }, { name: 'offer', type: 'string', persist: true });
      expect(sensitivityOf(flow).names.size).toBe(0);
      const { effects } = answered(flow);
      expect(effects.find((e) => e.type === 'say')).toMatchObject({ text: 'Bonjour Adjoa Mensah' });
      expect(effects.find((e) => e.type === 'say')).not.toHaveProperty('redacted');
      const handoff = effects.find((e): e is Extract<Effect, { type: 'handoff' }> => e.type === 'handoff');
      expect(handoff?.context.variables).toEqual({ ownerName: 'Adjoa Mensah', offer: 'max' });
      const issues = lintFlow(flow);
      expect(hasErrors(issues)).toBe(false);
      // Marked sensitive as well, it stays sensitive: keptInClear only answers the look-up's default.
      expect(sensitivityOf(lookupFlow({ name: 'ownerName', type: 'string', sensitive: true, keptInClear: true })).names.has('ownerName')).toBe(true);
    });

    it('a part kept in clear beside the whole answer, sensitive by default, stays in clear: the queue it names publishes', () => {
      // `ownerName` here takes the whole answer (`$`): sensitive by default; `offer` (`$.offer`) lies within it.
      const whole = (offer: VariableInput) => {
        const flow = lookupFlow({ name: 'ownerName', type: 'json' }, offer) as unknown as FlowInput;
        const fetch = flow.nodes.find((n) => n.id === 'fetch') as Record<string, any>;
        fetch.responseMapping[0].path = '$';
        return Flow.parse(flow);
      };
      for (const offer of [
        { name: 'offer', type: 'string', keptInClear: true },
        { name: 'offer', type: 'string', persist: true },
      ] as VariableInput[]) {
        const flow = whole(offer);
        expect([...sensitivityOf(flow).names]).toEqual(['ownerName']);
        expect(errorsOf(flow)).toEqual([]);
        const handoff = answered(flow).effects.find((e): e is Extract<Effect, { type: 'handoff' }> => e.type === 'handoff');
        expect(handoff?.queue).toBe('offre-max');
        expect(handoff?.context.variables).toEqual({ offer: 'max' });
      }
      // Not kept in clear, the part is as sensitive as the whole; and a whole kept in clear still holds a sensitive part.
      expect(errorsOf(whole({ name: 'offer', type: 'string' }))).toEqual([expect.objectContaining({ code: 'handoff.sensitiveQueue' })]);
    });
  });
});
