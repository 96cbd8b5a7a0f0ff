import type { HandoffEffect } from '@griot/flows';
import type { HookUrls } from './hooks.ts';
import type { VoiceSettings } from '@griot/flows';
import type { DialVerb, EnqueueVerb } from './verbs.ts';

/** SIP header values are one line of ASCII: anything else is percent-encoded, and long values cut. */
export function sipHeaderValue(value: string): string {
  const oneLine = value
    .replace(/[\r\n]+/g, ' ')
    .trim()
    .slice(0, 200);
  return /^[\x20-\x7e]*$/.test(oneLine) ? oneLine : encodeURIComponent(oneLine);
}

/** The context an agent platform reads from the SIP INVITE. */
export function handoffHeaders(handoff: HandoffEffect, sessionKey: string): Record<string, string> {
  const { context } = handoff;
  const headers: Record<string, string> = {
    'X-Griot-Caller': sipHeaderValue(context.callerNumber),
    'X-Griot-Locale': sipHeaderValue(context.locale),
    'X-Griot-Reason': sipHeaderValue(context.reason || handoff.reason),
    'X-Griot-Queue': sipHeaderValue(handoff.queue),
    'X-Griot-Flow': sipHeaderValue(context.flowVersion === null ? context.flowId : `${context.flowId}@${context.flowVersion}`),
    'X-Griot-Session': sipHeaderValue(sessionKey),
  };
  const segment = context.variables.segment;
  if (typeof segment === 'string' || typeof segment === 'number') headers['X-Griot-Segment'] = sipHeaderValue(String(segment));
  return headers;
}

/**
 * The handoff as a verb: `enqueue` in a jambonz queue (agents take calls with `dequeue`), or a
 * `dial` to the contact centre's SIP address with the context in `X-` headers.
 */
export function renderHandoff(handoff: HandoffEffect, ctx: { settings: Pick<VoiceSettings, 'handoff'>; hooks: HookUrls; sessionKey: string }): EnqueueVerb | DialVerb {
  const mode = ctx.settings.handoff;
  if (mode.mode === 'sip') {
    return {
      verb: 'dial',
      target: [{ type: 'sip', sipUri: mode.sipUri }],
      headers: handoffHeaders(handoff, ctx.sessionKey),
      actionHook: ctx.hooks.dialAction,
      ...(mode.timeout ? { timeout: mode.timeout } : {}),
    };
  }
  return {
    verb: 'enqueue',
    name: handoff.queue,
    priority: handoff.priority,
    waitHook: ctx.hooks.queueWait,
    actionHook: ctx.hooks.queueAction,
  };
}
