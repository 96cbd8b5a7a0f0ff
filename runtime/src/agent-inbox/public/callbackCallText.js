// What Griot's own call for a callback request is doing (callbacks out), in words for the agent:
// ringing the subscriber, putting them through, over, or why it failed, so that the agent knows
// what to expect on their phone, or what went wrong before retrying.
import { t, tf, tOf } from './texts.js';

/**
 * @param {{ number: string, status: string, attempts: number, agent?: string, lastCall?: { status: string, attempt: number, reason?: string, detail?: string } }} request
 * @param {string} me the signed-in agent
 * @returns {{ text: string, detail?: string, tone: 'progress' | 'failed' | 'past' } | null} null without a call to tell about
 */
export function callbackCallText(request, me) {
  const call = request.lastCall;
  if (!call) return null;
  if (call.status === 'failed') {
    // Reasons are `no_answer`…; a status as jambonz spells it (`no-answer`) reads the same.
    const reason = call.reason ? tOf('callReasons', call.reason.replaceAll('-', '_')) : (call.detail ?? '?');
    if (request.status === 'failed') return { text: tf('callFailed', { reason }), detail: call.detail, tone: 'failed' };
    if (request.status === 'pending') return { text: tf('previousAttempt', { reason }), tone: 'past' };
    return null;
  }
  // A call of an earlier attempt says nothing about this one.
  if (request.status !== 'taken' || call.attempt !== request.attempts) return null;
  const values = { number: request.number, agent: request.agent ?? '' };
  const mine = request.agent === me;
  if (call.status === 'placed') return { text: tf(mine ? 'callPlaced' : 'callPlacedOther', values), tone: 'progress' };
  if (call.status === 'answered') return { text: tf(mine ? 'callAnswered' : 'callAnsweredOther', values), tone: 'progress' };
  if (call.status === 'completed') return { text: t('callCompleted'), tone: 'progress' };
  return null;
}

/** Whether Griot is calling (or called) the subscriber for the current take: the agent must not dial too. */
export const griotCalls = (request) => request.status === 'taken' && request.lastCall?.attempt === request.attempts && request.lastCall.status !== 'failed';
