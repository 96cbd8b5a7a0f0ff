import type { Flow } from '../schema/flow.ts';
import type { Expectation, HttpFixture, TestCase, TestInput } from '../schema/testCase.ts';
import { step } from '../interpreter/step.ts';
import { createSession } from '../interpreter/session.ts';
import type { Effect, FlowEvent, HandoffEffect, SayEffect, Session } from '../interpreter/types.ts';
import { canonicalJson } from '../versioning/canonical.ts';
import { looseEqual } from '../expression/index.ts';
import { ownValue } from '../nodes/http/jsonPath.ts';

export interface TranscriptLine {
  /** What the simulated caller did (absent for the opening turn). */
  input?: string;
  /** What the flow said or wrote, in order; recorded audio shows as `[audio: name]`. */
  prompts: string[];
  at?: string;
}

/**
 * One way a case went otherwise than scripted, as data a reader can translate: what the step
 * expected and what happened. `message` is the same in English (it is also in `failures`).
 */
export interface TestProblem {
  /** The step (1-based; 0 for the opening turn). */
  step: number;
  code:
    | 'flowError'
    | 'noFixture'
    | 'alreadyEnded'
    | 'promptMissing'
    | 'promptPresent'
    | 'recordingNotPlayed'
    | 'wrongNode'
    | 'notReached'
    | 'reached'
    | 'wrongValue'
    | 'wrongLocale'
    | 'noHandoff'
    | 'wrongQueue'
    | 'wrongPriority'
    | 'notEnded'
    | 'ended';
  message: string;
  /** The node, variable or text the step was about, when there is one. */
  subject?: string;
  expected?: string;
  got?: string;
}

export interface CaseResult {
  name: string;
  passed: boolean;
  /** Each problem as `step N: message` (English), kept for readers of the older report. */
  failures: string[];
  problems: TestProblem[];
  /**
   * Where the conversation first went otherwise than scripted: the step (1-based; 0 for the
   * opening) and the node the contact was at then, or the node that failed.
   */
  divergedAt?: { step: number; node: string | null };
  transcript: TranscriptLine[];
  nodes: string[];
  edges: string[];
}

export interface Coverage {
  covered: number;
  total: number;
  missing: string[];
}

export interface TestReport {
  cases: CaseResult[];
  passed: number;
  failed: number;
  coverage: { nodes: Coverage; edges: Coverage };
}

/** Plays a flow's scripted conversations, with fixtures for its look-ups, and reports coverage. */
export function runTests(flow: Flow, cases: TestCase[] = flow.tests): TestReport {
  const results = cases.map((c) => runTestCase(flow, c));
  const nodes = new Set(results.flatMap((r) => r.nodes));
  const edges = new Set(results.flatMap((r) => r.edges));
  const coverage = (all: string[], seen: Set<string>): Coverage => ({
    covered: all.filter((id) => seen.has(id)).length,
    total: all.length,
    missing: all.filter((id) => !seen.has(id)),
  });
  const passed = results.filter((r) => r.passed).length;
  return {
    cases: results,
    passed,
    failed: results.length - passed,
    coverage: {
      nodes: coverage(
        flow.nodes.map((n) => n.id),
        nodes,
      ),
      edges: coverage(
        flow.edges.map((e) => e.id),
        edges,
      ),
    },
  };
}

export function inputToEvent(input: TestInput): FlowEvent {
  if ('digits' in input) return { type: 'digits', digits: input.digits };
  if ('text' in input) return { type: 'text', text: input.text };
  if ('speech' in input) return { type: 'speech', text: input.speech, confidence: input.confidence };
  if ('choice' in input) return { type: 'choice', option: input.choice };
  if ('silence' in input) return { type: 'noInput' };
  if ('handoff' in input) return { type: 'handoff', outcome: input.handoff };
  return { type: 'hangup' };
}

/** The case's fixture for a node: its own keys only (a node named `constructor` has none unless the case gives one). */
function fixtureOf(testCase: TestCase, node: string): TestCase['fixtures'][string] | undefined {
  return Object.hasOwn(testCase.fixtures, node) ? testCase.fixtures[node] : undefined;
}

export function fixtureToEvent(fixture: HttpFixture): FlowEvent {
  if ('timeout' in fixture) return { type: 'webhook', outcome: 'timeout' };
  if ('error' in fixture) return { type: 'webhook', outcome: 'error', message: fixture.error };
  return { type: 'webhook', outcome: 'response', status: fixture.status, body: fixture.body };
}

function describeInput(input: TestInput): string {
  const [key, value] = Object.entries(input)[0] ?? ['?', ''];
  return `${key}: ${String(value)}`;
}

export function runTestCase(flow: Flow, testCase: TestCase): CaseResult {
  const problems: TestProblem[] = [];
  const transcript: TranscriptLine[] = [];
  const nodes = new Set<string>();
  const edges = new Set<string>();
  const fixtureUse = new Map<string, number>();
  let session: Session = createSession(flow, {
    channel: testCase.channel,
    caller: testCase.caller,
    flowVersion: null,
    ...(testCase.locale ? { locale: testCase.locale } : {}),
  });
  let lastHandoff: HandoffEffect | undefined;
  let stepNumber = 0;
  let divergedAt: CaseResult['divergedAt'];
  const diverged = (node: string | null | undefined) => {
    divergedAt ??= { step: stepNumber, node: node ?? atOf(session).at ?? null };
  };

  /** Delivers an event, then answers look-ups from the fixtures until the flow waits for the caller. */
  const deliver = (event: FlowEvent): Effect[] => {
    const effects: Effect[] = [];
    let next: FlowEvent | undefined = event;
    for (let guard = 0; next && guard < 100; guard += 1) {
      const result = step(flow, session, next);
      session = result.session;
      effects.push(...result.effects);
      result.trace.nodes.forEach((n) => nodes.add(n));
      result.trace.edges.forEach((e) => edges.add(e));
      for (const issue of result.issues) {
        if (issue.severity === 'error') {
          problems.push({
            step: stepNumber,
            code: 'flowError',
            message: `flow error${issue.node ? ` at ${issue.node}` : ''}: ${issue.message}`,
            ...(issue.node ? { subject: issue.node } : {}),
            got: issue.message,
          });
          diverged(issue.node);
        }
      }
      next = undefined;
      const classify = result.effects.find((e) => e.type === 'classify');
      if (classify && session.wait?.for === 'classifier') {
        // A case may script the model's answer; without one the fallback classifier decides,
        // as it does when a runtime has no model.
        const fixture = fixtureOf(testCase, classify.node);
        next =
          fixture && !Array.isArray(fixture) && 'intent' in fixture
            ? { type: 'classification', outcome: 'ok', intent: fixture.intent, confidence: fixture.confidence }
            : { type: 'classification', outcome: 'unavailable' };
        continue;
      }
      const webhook = result.effects.find((e) => e.type === 'webhook');
      if (webhook && session.wait?.for === 'webhook') {
        const fixture = fixtureOf(testCase, webhook.node);
        if (!fixture || (!Array.isArray(fixture) && 'intent' in fixture)) {
          problems.push({ step: stepNumber, code: 'noFixture', message: `no fixture for http node ${webhook.node}`, subject: webhook.node });
          diverged(webhook.node);
          break;
        }
        const list = Array.isArray(fixture) ? fixture : [fixture];
        const used = fixtureUse.get(webhook.node) ?? 0;
        fixtureUse.set(webhook.node, used + 1);
        next = fixtureToEvent(list[Math.min(used, list.length - 1)] as HttpFixture);
      }
    }
    for (const e of effects) if (e.type === 'handoff') lastHandoff = e;
    return effects;
  };

  const opening = deliver({ type: 'start' });
  let effects = opening;
  transcript.push({ prompts: promptsOf(opening), ...atOf(session) });
  for (const [i, s] of testCase.steps.entries()) {
    if (problems.length > 0) break;
    stepNumber = i + 1;
    if (s.input) {
      if (session.status === 'ended') {
        problems.push({ step: i + 1, code: 'alreadyEnded', message: `the contact had already ended before ${describeInput(s.input)}`, subject: describeInput(s.input) });
        diverged(null);
        break;
      }
      effects = deliver(inputToEvent(s.input));
      transcript.push({ input: describeInput(s.input), prompts: promptsOf(effects), ...atOf(session) });
    }
    if (s.expect) {
      const unmet = checkExpectation(s.expect, session, effects, nodes, lastHandoff);
      for (const problem of unmet) problems.push({ step: i + 1, ...problem });
      if (unmet.length > 0) diverged(null);
    }
  }
  return {
    name: testCase.name,
    passed: problems.length === 0,
    failures: problems.map((p) => (p.code === 'flowError' || p.code === 'noFixture' ? p.message : `step ${p.step}: ${p.message}`)),
    problems,
    ...(divergedAt ? { divergedAt } : {}),
    transcript,
    nodes: [...nodes],
    edges: [...edges],
  };
}

function promptsOf(effects: Effect[]): string[] {
  return effects.flatMap((e) => {
    if (e.type !== 'say') return [];
    return [e.redacted ?? e.text ?? `[audio: ${e.audio}]`];
  });
}

function atOf(session: Session): { at?: string } {
  const at = session.wait?.node ?? session.path[session.path.length - 1];
  return at ? { at } : {};
}

const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

type Unmet = Omit<TestProblem, 'step'>;

function checkExpectation(expect: Expectation, session: Session, effects: Effect[], reached: Set<string>, handoff: HandoffEffect | undefined): Unmet[] {
  const unmet: Unmet[] = [];
  const says = effects.filter((e): e is SayEffect => e.type === 'say');
  // Expectations read what the caller would hear: the real text, not the masked transcript.
  const said = says.flatMap((e) => [e.text ?? '', e.audio ? `[audio: ${e.audio}]` : '']).join('\n');
  const saidLower = said.toLowerCase();
  const got = JSON.stringify(said) || 'nothing';
  for (const text of list(expect.promptContains)) {
    if (!saidLower.includes(text.toLowerCase())) unmet.push({ code: 'promptMissing', message: `expected a prompt containing "${text}", got: ${got}`, expected: text, got: said });
  }
  for (const text of list(expect.promptExcludes)) {
    if (saidLower.includes(text.toLowerCase())) unmet.push({ code: 'promptPresent', message: `expected no prompt containing "${text}"`, expected: text, got: said });
  }
  for (const slot of expect.played ?? []) {
    if (says.some((e) => e.node === slot.node && e.audio && (slot.locale === undefined || e.locale === slot.locale))) continue;
    // `node (locale)`: the same in every language the designer words it in.
    const heard = says.filter((e) => e.audio).map((e) => `${e.node} (${e.locale})`);
    unmet.push({
      code: 'recordingNotPlayed',
      message: `expected the recording of ${slot.node}${slot.locale ? ` in ${slot.locale}` : ''} to be played, got: ${heard.length ? `recordings of ${heard.join(', ')}` : 'no recording'}`,
      subject: slot.node,
      expected: `${slot.node}${slot.locale ? ` (${slot.locale})` : ''}`,
      got: heard.join(', '),
    });
  }
  if (expect.at !== undefined) {
    const at = atOf(session).at;
    if (at !== expect.at) unmet.push({ code: 'wrongNode', message: `expected to be at ${expect.at}, but at ${at ?? 'nothing'}`, expected: expect.at, got: at ?? '' });
  }
  for (const id of expect.reached ?? []) if (!reached.has(id)) unmet.push({ code: 'notReached', message: `expected ${id} to be reached`, subject: id });
  for (const id of expect.notReached ?? []) if (reached.has(id)) unmet.push({ code: 'reached', message: `expected ${id} not to be reached`, subject: id });
  for (const [name, value] of Object.entries(expect.variables ?? {})) {
    const actual = ownValue(session.vars, name);
    const equal = typeof value === 'object' && value !== null ? canonicalJson(actual) === canonicalJson(value) : looseEqual(actual, value);
    if (!equal) {
      unmet.push({
        code: 'wrongValue',
        message: `expected ${name} = ${JSON.stringify(value)}, got ${JSON.stringify(actual)}`,
        subject: name,
        expected: JSON.stringify(value),
        got: JSON.stringify(actual) ?? 'undefined',
      });
    }
  }
  if (expect.locale !== undefined && session.locale !== expect.locale) {
    unmet.push({ code: 'wrongLocale', message: `expected locale ${expect.locale}, got ${session.locale}`, expected: expect.locale, got: session.locale });
  }
  if (expect.handoff) {
    if (!handoff) unmet.push({ code: 'noHandoff', message: 'expected a handoff to an agent' });
    else {
      if (expect.handoff.queue !== undefined && handoff.queue !== expect.handoff.queue) {
        unmet.push({ code: 'wrongQueue', message: `expected queue ${expect.handoff.queue}, got ${handoff.queue}`, expected: expect.handoff.queue, got: handoff.queue });
      }
      if (expect.handoff.priority !== undefined && handoff.priority !== expect.handoff.priority) {
        unmet.push({
          code: 'wrongPriority',
          message: `expected priority ${expect.handoff.priority}, got ${handoff.priority}`,
          expected: String(expect.handoff.priority),
          got: String(handoff.priority),
        });
      }
    }
  }
  if (expect.ended !== undefined && (session.status === 'ended') !== expect.ended) {
    unmet.push(
      expect.ended
        ? { code: 'notEnded', message: `expected the contact to end, but it waits at ${session.wait?.node ?? '?'}`, got: session.wait?.node ?? '' }
        : { code: 'ended', message: 'expected the contact to go on, but it ended' },
    );
  }
  return unmet;
}
