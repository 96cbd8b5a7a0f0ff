import { TestCase, type CallerInfo, type Channel, type FlowEvent, type HttpFixture, type TestInput, type TestStep } from '@griot/flows';
import type { SimulatorTurn } from './simulatorStore.ts';

/** What the caller did, as a test step input; undefined for what a test cannot replay. */
export function eventToInput(event: FlowEvent): TestInput | undefined {
  switch (event.type) {
    case 'digits':
      return { digits: event.digits };
    case 'text':
      return { text: event.text };
    case 'speech':
      return { speech: event.text, confidence: event.confidence };
    case 'choice':
      return { choice: event.option };
    case 'noInput':
      return { silence: true };
    case 'hangup':
      return { hangup: true };
    case 'handoff':
      return { handoff: event.outcome };
    default:
      return undefined;
  }
}

interface Recorded {
  name: string;
  channel: Channel;
  callerNumber: string;
  /** The caller as the session saw them: a language remembered from earlier contacts skips the question in a replay too. */
  caller?: Pick<CallerInfo, 'knownLocale' | 'lastChannel'> | undefined;
  locale: string | null;
  /** The fixtures the preview was given. */
  fixtures: TestCase['fixtures'];
  turns: SimulatorTurn[];
}

/** The look-ups' answers, by node, in the order they came (a list when a node was asked more than once). */
export function recordedFixtures(turns: readonly SimulatorTurn[]): TestCase['fixtures'] {
  const answers = new Map<string, HttpFixture[]>();
  for (const turn of turns) {
    for (const lookup of turn.lookups) answers.set(lookup.node, [...(answers.get(lookup.node) ?? []), lookup.fixture]);
  }
  return Object.fromEntries([...answers].map(([node, list]) => [node, list.length === 1 ? (list[0] as HttpFixture) : list]));
}

/** The sensitive variables whose values the recorded answers make up. */
export function syntheticVariables(turns: readonly SimulatorTurn[]): string[] {
  return [...new Set(turns.flatMap((t) => t.lookups.flatMap((l) => l.synthetic)))].sort();
}

/**
 * Whether a session makes a test worth saving: a caller's answer to replay, or an opening whose
 * look-ups answered (a flow that starts straight with one: the test replays its answer).
 */
export function hasSomethingToReplay(turns: readonly SimulatorTurn[]): boolean {
  const [opening, ...rest] = turns;
  if (!opening) return false;
  return rest.some((turn) => eventToInput(turn.event) !== undefined) || opening.lookups.length > 0;
}

/**
 * A simulator session as a test case: each thing the caller did becomes a step, expecting the
 * contact to wait where it waited (or to have ended), so replaying it catches a changed path.
 * What the look-ups answered becomes the case's fixtures, so it replays without the backends.
 */
export function sessionToTestCase(recorded: Recorded): TestCase {
  const steps: TestStep[] = [];
  const [opening, ...rest] = recorded.turns;
  if (opening) steps.push({ expect: opening.ended ? { ended: true } : opening.at ? { at: opening.at } : {} });
  for (const turn of rest) {
    const input = eventToInput(turn.event);
    if (!input) continue;
    steps.push({ input, expect: turn.ended ? { ended: true } : turn.at ? { at: turn.at } : {} });
  }
  const caller = {
    number: recorded.callerNumber,
    ...(recorded.caller?.knownLocale ? { knownLocale: recorded.caller.knownLocale } : {}),
    ...(recorded.caller?.lastChannel ? { lastChannel: recorded.caller.lastChannel } : {}),
  };
  return TestCase.parse({
    name: recorded.name,
    channel: recorded.channel,
    caller,
    ...(recorded.locale ? { locale: recorded.locale } : {}),
    fixtures: { ...recorded.fixtures, ...recordedFixtures(recorded.turns) },
    steps: steps.length > 0 ? steps : [{ expect: {} }],
  });
}
