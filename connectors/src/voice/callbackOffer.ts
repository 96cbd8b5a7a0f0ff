import type { FlowEvent } from '@griot/flows';
import { customerDataWith, type CallState } from './callState.ts';
import { gatherToEvent } from './gatherToEvent.ts';
import type { HookUrls } from './hooks.ts';
import type { GatherRead } from './inbound.ts';
import { sayText } from './renderPrompts.ts';
import { voiceTexts } from './voiceTexts.ts';
import type { EnqueueVerb, GatherVerb, SayVerb, TagVerb } from './verbs.ts';

type Queue = NonNullable<CallState['queue']>;

/** Seconds the caller has to answer the offer; silence keeps them in the queue. */
const OFFER_TIMEOUT_SECONDS = 8;

/**
 * Whether a leaving caller is due the callback offer: the queue has a threshold, the offer was
 * not made yet, and the longest wait (when set) is not reached, which would mean `unavailable`.
 */
export function offerDue(queue: Queue | undefined, waitedSeconds: number): queue is Queue {
  if (!queue || queue.callbackAfterSeconds === undefined || queue.offered) return false;
  return queue.maxWaitSeconds === undefined || waitedSeconds < queue.maxWaitSeconds;
}

/**
 * The offer as a `gather` in the caller's language, in the flow's words when its handoff node
 * has a `callbackOfferPrompt` (after a wait; a closed queue's offer is Griot's), else Griot's (the flow's `callback` and `unavailable` outputs say
 * what follows): 1 (or a spoken yes where the language has recognition) to be called back, 2 or
 * silence to keep waiting.
 */
export function renderCallbackOffer(state: CallState & { queue: Queue }, hooks: Pick<HookUrls, 'callbackOffer'>): GatherVerb {
  const { speak, queue } = state;
  const gather: GatherVerb = {
    verb: 'gather',
    actionHook: hooks.callbackOffer,
    input: queue.speech ? ['digits', 'speech'] : ['digits'],
    numDigits: 1,
    timeout: OFFER_TIMEOUT_SECONDS,
  };
  // The flow's words after a wait (recorded for a language without text-to-speech), else Griot's own;
  // a closed queue's offer says why in Griot's words.
  if (!queue.closed && queue.offerPlay) return { ...gather, play: queue.offerPlay };
  if (!queue.closed && queue.offerSay) return { ...gather, say: queue.offerSay };
  const texts = voiceTexts(speak?.locale ?? state.locale);
  const text = (queue.closed ? texts.callbackOfferClosed : texts.callbackOffer)(queue.speech === true);
  return { ...gather, say: { text: sayText(text), ...(speak?.synthesizer ? { synthesizer: speak.synthesizer } : {}) } };
}

/** The offer after leaving the queue: the state remembers it was made and how long the caller waited. */
export function offerAfterLeaving(
  state: CallState & { queue: Queue },
  waitedSeconds: number,
  customerData: Record<string, unknown> | undefined,
  hooks: Pick<HookUrls, 'callbackOffer'>,
): [TagVerb, GatherVerb] {
  const next: CallState & { queue: Queue } = { ...state, queue: { ...state.queue, offered: true, waitedSeconds } };
  return [{ verb: 'tag', data: customerDataWith(customerData, next) }, renderCallbackOffer(next, hooks)];
}

/** The caller's answer: 1, or a spoken yes in their language, accepts; anything else keeps waiting. */
export function acceptsCallback(payload: GatherRead, locale: string): boolean {
  const event: FlowEvent = gatherToEvent(payload);
  if (event.type === 'digits') return event.digits.startsWith('1');
  if (event.type !== 'speech' || event.text === '') return false;
  const heard = ` ${plain(event.text)} `;
  return voiceTexts(locale).yes.some((word) => heard.includes(` ${word} `));
}

/** Back in the queue after declining, at the priority the agent queues gave (one step up). */
export function renderRequeue(
  state: CallState & { queue: Queue },
  priority: number,
  customerData: Record<string, unknown> | undefined,
  hooks: Pick<HookUrls, 'queueWait' | 'queueAction'>,
): [TagVerb, SayVerb, EnqueueVerb] {
  const next: CallState = { ...state, queue: { ...state.queue, priority, offered: true } };
  const speak = state.speak;
  return [
    { verb: 'tag', data: customerDataWith(customerData, next) },
    { verb: 'say', text: sayText(voiceTexts(speak?.locale ?? state.locale).keepWaiting), ...(speak?.synthesizer ? { synthesizer: speak.synthesizer } : {}) },
    { verb: 'enqueue', name: state.queue.name, priority, waitHook: hooks.queueWait, actionHook: hooks.queueAction },
  ];
}

/** Lower case, accents and punctuation gone: "D'accord !" → "d accord". */
function plain(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
