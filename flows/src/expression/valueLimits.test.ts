import { describe, expect, it } from 'vitest';
import { Flow, type FlowInput } from '../schema/flow.ts';
import { lintFlow } from '../lint/lintFlow.ts';
import { step } from '../interpreter/step.ts';
import { createSession } from '../interpreter/session.ts';
import type { Assignment } from '../nodes/set/schema.ts';
import { sampleFlow } from '../fixtures/sampleFlow.ts';
import type { FlowEvent, Session } from '../interpreter/types.ts';
import { jsonSizeWithin, MAX_STEP_CHARS, MAX_VALUE_CHARS } from './valueLimits.ts';
import { cpuMs } from '../fixtures/cpuTime.testSupport.ts';

/** A one-locale web chat flow: start → set (the given assignments) → a message → end. */
function flowWith(assignments: Assignment[], message = 'ok {{s}}', extra: Partial<Pick<FlowInput, 'nodes' | 'edges'>> = {}): Flow {
  return Flow.parse({
    schemaVersion: 2,
    id: 'bomb',
    name: 'Bomb',
    locales: [{ code: 'fr', name: 'Français', tts: { vendor: 'google' }, asr: null }],
    variables: [
      { name: 's', type: 'string' },
      { name: 't', type: 'string' },
    ],
    nodes: [
      { id: 'start', type: 'start' },
      { id: 'grow', type: 'set', assignments },
      { id: 'say', type: 'message', prompt: { fr: { text: message } } },
      { id: 'bye', type: 'end', reason: 'served' },
      ...(extra.nodes ?? []),
    ],
    edges: [
      { id: 'e1', source: 'start', output: 'next', target: 'grow' },
      { id: 'e2', source: 'grow', output: 'next', target: 'say' },
      { id: 'e3', source: 'say', output: 'next', target: 'bye' },
      ...(extra.edges ?? []),
    ],
  } satisfies FlowInput);
}

/** One start of the flow, with the CPU time it took (not the wall clock, which counts a busy machine's waits). */
function start(flow: Flow) {
  let result!: ReturnType<typeof step>;
  const ms = cpuMs(() => {
    result = step(flow, createSession(flow, { channel: 'webchat', caller: { number: '+2290197000001' }, flowVersion: null }), { type: 'start' });
  });
  return { ...result, ms, sessionChars: JSON.stringify(result.session).length, effectChars: JSON.stringify(result.effects).length };
}

const doubling = (times: number): Assignment[] => [{ variable: 's', value: 'x'.repeat(2000) }, ...Array.from({ length: times }, () => ({ variable: 's', expression: 's + s' }))];

describe('value limits', () => {
  it('ends a flow nesting a value deeper than 64 levels on its error path, before anything writes it as JSON', () => {
    const flow = Flow.parse({
      schemaVersion: 2,
      id: 'nesting',
      name: 'Nesting',
      locales: [{ code: 'fr', name: 'Français', tts: { vendor: 'google' }, asr: null }],
      variables: [{ name: 'x', type: 'json' }],
      nodes: [
        { id: 'start', type: 'start' },
        // A loop through a question wrapping it at each turn (`x = [x]`) reached thousands deep and overflowed the stack of the prompt, or the session's save.
        { id: 'wrap', type: 'set', assignments: [{ variable: 'x', expression: `${'['.repeat(70)}x${']'.repeat(70)}` }] },
        { id: 'say', type: 'message', prompt: { fr: { text: 'ok {{x}}' } } },
        { id: 'bye', type: 'end', reason: 'served' },
      ],
      edges: [
        { id: 'e1', source: 'start', output: 'next', target: 'wrap' },
        { id: 'e2', source: 'wrap', output: 'next', target: 'say' },
        { id: 'e3', source: 'say', output: 'next', target: 'bye' },
      ],
    } satisfies FlowInput);
    const r = start(flow);
    expect(r.issues).toContainEqual(expect.objectContaining({ severity: 'error', code: 'value.tooLarge', node: 'wrap', message: expect.stringMatching(/nests deeper than 64 levels/) }));
    expect(r.effects.at(-1)).toEqual({ type: 'end', reason: 'error', node: 'wrap' });
    expect(r.effects.some((e) => e.type === 'say')).toBe(false);
  });

  it("ends the security review's doubling draft on its error path at once, with a readable issue and nothing large kept", () => {
    // 2,000 characters doubled 17 times was a 262 MB prompt; it stops at the sixth doubling (128,000).
    const flow = flowWith(doubling(17));
    // Lint warns of each doubling, and lets the draft be saved and previewed.
    const lint = lintFlow(flow);
    expect(lint.filter((i) => i.severity === 'error')).toEqual([]);
    expect(lint.filter((i) => i.code === 'set.selfDoubling')).toHaveLength(17);
    expect(lint).toContainEqual(expect.objectContaining({ severity: 'warning', code: 'set.selfDoubling', node: 'grow', field: 'assignments.1.expression' }));
    const r = start(flow);
    expect(r.issues).toContainEqual(expect.objectContaining({ severity: 'error', code: 'value.tooLarge', node: 'grow' }));
    expect(r.issues.find((i) => i.code === 'value.tooLarge')?.message).toMatch(/128,000 characters long; a value may have at most 65,536/);
    expect(r.effects.at(-1)).toEqual({ type: 'end', reason: 'error', node: 'grow' });
    expect(r.effects.some((e) => e.type === 'say')).toBe(false);
    expect(r.session).toMatchObject({ status: 'ended', endReason: 'error' });
    expect(r.sessionChars).toBeLessThan(80_000);
    expect(r.ms).toBeLessThan(200);
  });

  it('does not warn of an assignment that grows a variable once, or builds one from another', () => {
    const flow = flowWith([
      { variable: 's', expression: 's + "x"' },
      { variable: 't', expression: 's + s' },
    ]);
    expect(lintFlow(flow).filter((i) => i.code === 'set.selfDoubling')).toEqual([]);
  });

  it('lets a flow build and say a value up to the limit', () => {
    // 2,000 × 2⁵ = 64,000 characters: under 65,536.
    const r = start(flowWith(doubling(5)));
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const said = r.effects.find((e) => e.type === 'say');
    expect(said?.type === 'say' && said.text?.length).toBe(3 + 64_000);
    expect(r.session.status).toBe('ended');
    expect(r.session.endReason).toBe('served');
  });

  it('refuses a template that renders past the limit', () => {
    const r = start(flowWith(doubling(5), '{{s}} et encore {{s}}'));
    expect(r.issues).toContainEqual(expect.objectContaining({ code: 'value.tooLarge', node: 'say' }));
    expect(r.issues.find((i) => i.code === 'value.tooLarge')?.message).toMatch(/the rendered text/);
    expect(r.effects.at(-1)).toEqual({ type: 'end', reason: 'error', node: 'say' });
    expect(r.effectChars).toBeLessThan(1000);
  });

  it('refuses a list that repeats itself into more than the limit as JSON', () => {
    // Each `[a, a]` shares its parts, so memory stays small; stored or sent as JSON it doubles each time.
    const flow = flowWith([{ variable: 's', value: 'x'.repeat(2000) }, { variable: 't', expression: '[s, s]' }, ...Array.from({ length: 30 }, () => ({ variable: 't', expression: '[t, t]' }))], 'ok');
    const r = start(flow);
    expect(r.issues).toContainEqual(expect.objectContaining({ code: 'value.tooLarge', node: 'grow' }));
    expect(r.sessionChars).toBeLessThan(80_000);
    expect(r.ms).toBeLessThan(200);
  });

  it('ends a step that keeps rebuilding large values in a loop once it has built a mebibyte of text', () => {
    // Every value stays under the limit, but a loop of 64,000-character copies would run for long.
    const flow = flowWith(doubling(5), 'ok', {
      nodes: [{ id: 'again', type: 'set', assignments: [{ variable: 't', expression: 's + "!"' }] }],
      edges: [{ id: 'e4', source: 'again', output: 'next', target: 'again' }],
    });
    const looping = Flow.parse({ ...flow, edges: flow.edges.map((e) => (e.id === 'e2' ? { ...e, target: 'again' } : e)) });
    const r = start(looping);
    expect(r.issues).toContainEqual(expect.objectContaining({ code: 'step.tooMuchOutput', node: 'again' }));
    // Stopped by the budget (~1 MiB / 64 KB ≈ 16 rounds), long before the 500-node loop guard.
    expect(r.trace.nodes.length).toBeLessThan(MAX_STEP_CHARS / 64_000 + 5);
    expect(r.effects.at(-1)).toMatchObject({ type: 'end', reason: 'error' });
    expect(r.ms).toBeLessThan(200);
  });

  it("ends the contact on its error path when a look-up's answer maps a value larger than the limit into a variable", () => {
    const flow = sampleFlow();
    let session: Session = createSession(flow, { channel: 'voice', caller: { number: '+2290197000001' }, flowVersion: 1 });
    const events: FlowEvent[] = [{ type: 'start' }, { type: 'digits', digits: '1' }, { type: 'digits', digits: '1' }];
    for (const e of events) session = step(flow, session, e).session;
    expect(session.wait).toMatchObject({ node: 'lookup', for: 'webhook' });
    const answered = step(flow, session, { type: 'webhook', outcome: 'response', status: 200, body: { puk: '12345678', segment: 'v'.repeat(MAX_VALUE_CHARS + 1) } });
    expect(answered.issues).toContainEqual(expect.objectContaining({ code: 'value.tooLarge', node: 'lookup' }));
    expect(answered.issues.find((i) => i.code === 'value.tooLarge')?.message).toMatch(/the value of segment/);
    expect(answered.effects.at(-1)).toEqual({ type: 'end', reason: 'error', node: 'lookup' });
    expect(JSON.stringify(answered.session).length).toBeLessThan(5000);
  });

  it('counts a value as the JSON it is stored as, and stops counting past the limit', () => {
    const value = { name: 'Ada', tags: ['a', 'b'], n: 12, ok: true, nested: { x: null } };
    const size = jsonSizeWithin(value, MAX_VALUE_CHARS);
    expect(size).toBeGreaterThanOrEqual(JSON.stringify(value).length * 0.8);
    expect(size).toBeLessThanOrEqual(JSON.stringify(value).length * 1.5);
    let repeated: unknown = 'x'.repeat(1000);
    for (let i = 0; i < 60; i += 1) repeated = [repeated, repeated];
    expect(jsonSizeWithin(repeated, MAX_VALUE_CHARS)).toBeUndefined();
  });
});
