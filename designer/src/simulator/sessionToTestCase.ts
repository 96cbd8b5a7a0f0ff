import { TestCase, type Channel, type FlowEvent, type TestInput, type TestStep } from '@griot/flows';
import type { SimulatorTurn } from './simulatorStore.ts';

/** What the caller did, as a test step input; undefined for what a test cannot replay. */
export function eventToInput(event: FlowEvent): TestInput | undefined {
  switch (event.type) {
    case 'digits': return { digits: event.digits };
    case 'text': return { text: event.text };
    case 'speech': return { speech: event.text, confidence: event.confidence };
    case 'choice': return { choice: event.option };
    case 'noInput': return { silence: true };
    case 'hangup': return { hangup: true };
    case 'handoff': return { handoff: event.outcome };
    default: return undefined;
  }
}

interface Recorded {
  name: string;
  channel: Channel;
  callerNumber: string;
  locale: string | null;
  fixtures: TestCase['fixtures'];
  turns: SimulatorTurn[];
}

/**
 * A simulator session as a test case: each thing the caller did becomes a step, expecting the
 * contact to wait where it waited (or to have ended), so replaying it catches a changed path.
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
  return TestCase.parse({
    name: recorded.name,
    channel: recorded.channel,
    caller: { number: recorded.callerNumber },
    ...(recorded.locale ? { locale: recorded.locale } : {}),
    fixtures: recorded.fixtures,
    steps: steps.length > 0 ? steps : [{ expect: {} }],
  });
}
