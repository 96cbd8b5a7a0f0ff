import { describe, expect, it } from 'vitest';
import { gatherToEvent } from './gatherToEvent.ts';
import { GatherPayload } from './inbound.ts';
import { gatherDigits, gatherSpeech, gatherTimeout, subsequentPayload } from './testing/jambonzPayloads.ts';

const call = { callSid: 'CA1', from: '+2290197000001', to: '1919' };
const parse = (result: Record<string, unknown>) => GatherPayload.parse(subsequentPayload(call, {}, result));

describe('gatherToEvent', () => {
  it('reads keys pressed as digits', () => {
    expect(gatherToEvent(parse(gatherDigits('1')))).toEqual({ type: 'digits', digits: '1' });
    expect(gatherToEvent(parse(gatherDigits('1234#')))).toEqual({ type: 'digits', digits: '1234#' });
  });

  it('reads words heard as speech with the confidence of the best alternative', () => {
    expect(gatherToEvent(parse(gatherSpeech('mon code puk', 0.81)))).toEqual({ type: 'speech', text: 'mon code puk', confidence: 0.81 });
  });

  it('turns silence, recognizer errors and empty results into no input', () => {
    expect(gatherToEvent(parse(gatherTimeout()))).toEqual({ type: 'noInput' });
    expect(gatherToEvent(parse({ reason: 'error', details: 'vendor down' }))).toEqual({ type: 'noInput' });
    expect(gatherToEvent(parse({ reason: 'dtmfDetected', digits: '' }))).toEqual({ type: 'noInput' });
    expect(gatherToEvent(parse({ reason: 'speechDetected', speech: { alternatives: [] } }))).toEqual({ type: 'noInput' });
  });

  it('does not act on a low-confidence guess', () => {
    expect(gatherToEvent(parse({ reason: 'stt-low-confidence', speech: { alternatives: [{ transcript: 'pouk', confidence: 0.2 }] } }))).toEqual({ type: 'speech', text: '', confidence: 0.2 });
  });

  it('refuses an unknown reason at the parser', () => {
    expect(GatherPayload.safeParse(subsequentPayload(call, {}, { reason: 'dtmf' })).success).toBe(false);
  });
});
