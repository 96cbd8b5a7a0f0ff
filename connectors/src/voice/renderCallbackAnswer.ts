import type { CallbackTag } from './callbackTag.ts';
import { sayText } from './renderPrompts.ts';
import { sipHeaderValue } from './renderHandoff.ts';
import type { DialTarget, DialVerb, HangupVerb, SayVerb } from './verbs.ts';
import { voiceTexts } from './voiceTexts.ts';

export interface CallbackAnswerContext {
  agentTarget: DialTarget;
  /** The subscriber's number: the agent sees it as the caller. */
  subscriberNumber: string;
  callSid: string;
  /** The dial's action hook (absolute). */
  dialHook: string;
  /** Seconds to ring the agent. */
  agentRingSeconds: number;
}

/** The context an agent platform reads from the INVITE of a callback, as for a live handoff. */
export function callbackHeaders(tag: CallbackTag, subscriberNumber: string, callSid: string): Record<string, string> {
  const headers: Record<string, string> = {
    'X-Griot-Callback': sipHeaderValue(tag.id),
    'X-Griot-Caller': sipHeaderValue(subscriberNumber),
    'X-Griot-Locale': sipHeaderValue(tag.locale),
    'X-Griot-Reason': sipHeaderValue(tag.reason),
    'X-Griot-Queue': sipHeaderValue(tag.queue),
    'X-Griot-Agent': sipHeaderValue(tag.agent),
    // The jambonz call, for the agent platform's records: no Griot conversation runs on it.
    'X-Griot-Call': sipHeaderValue(callSid),
  };
  if (tag.flow) headers['X-Griot-Flow'] = sipHeaderValue(tag.flow);
  const segment = tag.variables.segment;
  if (typeof segment === 'string' || typeof segment === 'number') headers['X-Griot-Segment'] = sipHeaderValue(String(segment));
  return headers;
}

function say(tag: CallbackTag, text: string): SayVerb {
  return { verb: 'say', text: sayText(text), ...(tag.speak.synthesizer ? { synthesizer: tag.speak.synthesizer } : {}) };
}

/** The subscriber picked up: a short greeting in their language, then the agent who took the request. */
export function renderCallbackAnswer(tag: CallbackTag, ctx: CallbackAnswerContext): [SayVerb, DialVerb] {
  return [
    say(tag, voiceTexts(tag.speak.locale).callbackGreeting),
    {
      verb: 'dial',
      target: [ctx.agentTarget],
      callerId: ctx.subscriberNumber,
      headers: callbackHeaders(tag, ctx.subscriberNumber, ctx.callSid),
      actionHook: ctx.dialHook,
      timeout: ctx.agentRingSeconds,
    },
  ];
}

/** The agent did not answer: say so, promise another call, hang up. */
export function renderCallbackAgentUnavailable(tag: CallbackTag): [SayVerb, HangupVerb] {
  return [say(tag, voiceTexts(tag.speak.locale).callbackAgentUnavailable), { verb: 'hangup' }];
}
