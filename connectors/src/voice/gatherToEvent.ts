import type { FlowEvent } from '@griot/flows';
import type { GatherRead } from './inbound.ts';

/**
 * A gather result as the flow event it means. Keys pressed → `digits`; words heard → `speech`
 * with the recognizer's confidence; silence or a recognizer failure → `noInput`, so the node
 * re-prompts and eventually takes its own no-input path. Words heard below the recognizer's
 * confidence threshold are neither silence nor an answer: an empty `speech`, which menus treat
 * as no match and inputs as no answer, rather than acting on a guess.
 */
export function gatherToEvent(payload: GatherRead): FlowEvent {
  switch (payload.reason) {
    case 'dtmfDetected': {
      const digits = (payload.digits ?? '').replace(/[^0-9*#]/g, '');
      return digits === '' ? { type: 'noInput' } : { type: 'digits', digits };
    }
    case 'speechDetected': {
      const best = payload.speech?.alternatives[0];
      const text = (best?.transcript ?? '').trim();
      if (text === '') return { type: 'noInput' };
      return { type: 'speech', text, confidence: clamp(best?.confidence ?? 1) };
    }
    case 'stt-low-confidence': {
      const best = payload.speech?.alternatives[0];
      return { type: 'speech', text: '', confidence: clamp(best?.confidence ?? 0) };
    }
    case 'timeout':
    case 'error':
      return { type: 'noInput' };
  }
}

function clamp(confidence: number): number {
  return Math.min(1, Math.max(0, Number.isFinite(confidence) ? confidence : 0));
}
