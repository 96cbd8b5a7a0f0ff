import type { TFunction } from 'i18next';
import { readableNumber, type CallbackRequest } from '@griot/flows';

export interface CallbackCallText {
  text: string;
  /** What jambonz reported, for whoever looks further. */
  detail?: string;
  tone: 'progress' | 'failed' | 'past';
}

const KNOWN_REASONS = ['jambonz_refused', 'jambonz_unavailable', 'not_configured', 'no_answer', 'busy', 'call_failed', 'agent_unavailable'];

/**
 * What Griot's own call for a callback request is doing (callbacks out), in words for the agent:
 * ringing the subscriber, putting them through, over, or why it failed, so that the agent knows
 * what to expect on their phone, or what went wrong before retrying. Null without a call to tell about.
 */
export function callbackCallText(t: TFunction, request: CallbackRequest, me: string): CallbackCallText | null {
  const call = request.lastCall;
  if (!call) return null;
  if (call.status === 'failed') {
    // Reasons are `no_answer`…; a status as jambonz spells it (`no-answer`) reads the same.
    const code = call.reason?.replaceAll('-', '_');
    const reason = t(`inbox.callReasons.${code && KNOWN_REASONS.includes(code) ? code : 'unknown'}`);
    if (request.status === 'failed') return { text: t('inbox.callFailed', { reason }), ...(call.detail ? { detail: call.detail } : {}), tone: 'failed' };
    if (request.status === 'pending') return { text: t('inbox.previousAttempt', { reason }), tone: 'past' };
    return null;
  }
  // A call of an earlier attempt says nothing about this one.
  if (request.status !== 'taken' || call.attempt !== request.attempts) return null;
  const values = { number: readableNumber(request.number), agent: request.agent ?? '' };
  const mine = request.agent === me;
  if (call.status === 'placed') return { text: t(mine ? 'inbox.callPlaced' : 'inbox.callPlacedOther', values), tone: 'progress' };
  if (call.status === 'answered') return { text: t(mine ? 'inbox.callAnswered' : 'inbox.callAnsweredOther', values), tone: 'progress' };
  if (call.status === 'completed') return { text: t('inbox.callCompleted'), tone: 'progress' };
  return null;
}

/** Whether Griot is calling (or called) the subscriber for the current take: the agent must not dial too. */
export const griotCalls = (request: CallbackRequest) => request.status === 'taken' && request.lastCall?.attempt === request.attempts && request.lastCall.status !== 'failed';
