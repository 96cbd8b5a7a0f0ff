import { offerDue } from './callbackOffer.ts';
import type { CallState } from './callState.ts';
import type { WaitHookVerb } from './verbs.ts';
import { sayText } from './renderPrompts.ts';
import { voiceTexts } from './voiceTexts.ts';

export interface QueueWaitInput {
  /** 0-based, as jambonz counts. */
  queuePosition: number | undefined;
  /** Seconds waited so far. */
  queueTime: number;
  state: CallState | undefined;
}

const DEFAULT_ANNOUNCE_SECONDS = 20;

/**
 * The answer to an enqueue waitHook: the caller's place in the queue in their language, then
 * music or silence until jambonz asks again. Past the queue's callback threshold the caller
 * leaves once to be offered a callback; past the longest wait the caller leaves the queue and
 * the flow takes over (`unavailable`). jambonz allows only play, say, pause, leave and tag
 * here, which the return type enforces.
 */
export function renderQueueWait(input: QueueWaitInput): WaitHookVerb[] {
  const queue = input.state?.queue;
  const maxWait = queue?.maxWaitSeconds;
  const waited = input.queueTime + (queue?.waitedSeconds ?? 0);
  if (maxWait !== undefined && waited >= maxWait) return [{ verb: 'leave' }];
  // Past the queue's threshold the caller leaves once, to be offered a callback (the action hook asks).
  if (offerDue(queue, waited) && input.queueTime >= (queue.callbackAfterSeconds ?? 0)) return [{ verb: 'leave' }];
  const speak = input.state?.speak;
  const verbs: WaitHookVerb[] = [];
  if (input.queuePosition !== undefined && input.queuePosition >= 0) {
    const text = voiceTexts(speak?.locale ?? input.state?.locale).queuePosition(input.queuePosition + 1);
    verbs.push({ verb: 'say', text: sayText(text), ...(speak?.synthesizer ? { synthesizer: speak.synthesizer } : {}) });
  }
  if (queue?.holdMusicUrl) verbs.push({ verb: 'play', url: queue.holdMusicUrl });
  else verbs.push({ verb: 'pause', length: queue?.announceSeconds ?? DEFAULT_ANNOUNCE_SECONDS });
  return verbs;
}
