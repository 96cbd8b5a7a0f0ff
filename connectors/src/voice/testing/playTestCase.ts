import type { Flow, TestCase } from '@griot/flows';
import { VoiceCallHandler } from '../voiceCallHandler.ts';
import { FlowPort } from './flowPort.ts';
import { inProcessLink } from './inProcessLink.ts';
import { SimulatedCall } from './simulatedCall.ts';

/** The queue's callback threshold in played calls (seconds). */
const CALLBACK_AFTER_SECONDS = 60;

export interface PlayedCase {
  call: SimulatedCall;
  /** Where the conversation stands in the engine: the node it waits at, or ended at. */
  at: string | undefined;
  /** Answers to the queue wait hook, asked at each handoff. */
  waitHookAnswers: unknown[][];
  /** Steps the voice channel cannot play (messaging-only inputs). */
  skipped: string[];
}

/**
 * Plays a flow test case as a phone call through the voice turn handler, with the case's
 * fixtures answering look-ups (instantly, or slower than the turn budget to exercise fillers).
 */
export async function playTestCase(flow: Flow, testCase: TestCase, options: { slowLookups?: boolean; address?: string } = {}): Promise<PlayedCase> {
  const address = options.address ?? '1919';
  const lookups = flow.nodes.filter((n) => n.type === 'http').map((n) => n.id);
  const port = new FlowPort({
    flow,
    bindings: [{ id: 'b', flowId: flow.id, address, settings: {} }],
    fixtures: testCase.fixtures,
    ...(options.slowLookups ? { lookupDelayMs: Object.fromEntries(lookups.map((id) => [id, 30])) } : {}),
    ...(testCase.locale ? { startLocale: testCase.locale } : {}),
    callbackAfterSeconds: CALLBACK_AFTER_SECONDS,
    // The case scripts the contact going on on another channel: the engine does that at the handoff itself.
    carryOver: testCase.steps.some((s) => s.input && 'handoff' in s.input && s.input.handoff === 'continued'),
  });
  if (testCase.caller.knownLocale) port.callerLocales.set(testCase.caller.number, testCase.caller.knownLocale);
  if (testCase.caller.lastChannel) port.callerLastChannels.set(testCase.caller.number, testCase.caller.lastChannel);
  const handler = new VoiceCallHandler({ conversations: port, bindings: port, webhookBudgetMs: options.slowLookups ? 5 : 2500, continueWaitMs: 200, publicBaseUrl: 'https://griot.example' });
  const call = new SimulatedCall(inProcessLink(handler), { callSid: `CA-${testCase.name}`, from: testCase.caller.number, to: address });
  const played: PlayedCase = { call, at: undefined, waitHookAnswers: [], skipped: [] };
  await call.start();
  for (const [i, step] of testCase.steps.entries()) {
    const input = step.input;
    if (!input) continue;
    if (call.ended) break;
    // Carried over at the handoff already (the port did what the agent queues do).
    if ('handoff' in input && input.handoff === 'continued') continue;
    if (call.waitingOn?.verb === 'enqueue') {
      played.waitHookAnswers.push(await call.queueWait(0), await call.queueWait(3, 30));
    }
    if ('handoff' in input && input.handoff === 'callback' && call.waitingOn?.verb === 'enqueue') {
      // Past the threshold the caller leaves the queue, is offered a callback, and accepts.
      played.waitHookAnswers.push(await call.queueWait(0, CALLBACK_AFTER_SECONDS));
      await call.waitInQueue(CALLBACK_AFTER_SECONDS);
      await call.press('1');
      continue;
    }
    if ('digits' in input) await call.press(input.digits);
    else if ('speech' in input) await call.speak(input.speech, input.confidence);
    else if ('silence' in input) await call.silence();
    else if ('hangup' in input) await call.hangup();
    else if ('handoff' in input && input.handoff !== 'callback') await call.queueEnds(input.handoff === 'done' ? 'bridged' : 'error');
    else {
      played.skipped.push(`step ${i + 1}: ${Object.keys(input)[0]}`);
      break;
    }
  }
  const session = port.conversations.get(`voice:${call.identity.callSid}`)?.session;
  played.at = session?.wait?.node ?? session?.path.at(-1);
  return played;
}
