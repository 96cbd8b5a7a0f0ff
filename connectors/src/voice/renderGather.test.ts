import { describe, expect, it } from 'vitest';
import type { AskEffect } from '@griot/flows';
import { renderGather } from './renderGather.ts';
import { gatherKeypad } from './testing/gatherKeypad.ts';

const ask = (over: Partial<AskEffect>): AskEffect => ({
  type: 'ask',
  node: 'menu',
  kind: 'choice',
  locale: 'fr',
  timeoutSeconds: 8,
  bargeIn: true,
  speech: false,
  hints: [],
  retry: 0,
  minDigits: 1,
  maxDigits: 1,
  ...over,
});
const recognizer = { vendor: 'google', language: 'fr-FR' };

describe('renderGather', () => {
  it('asks a menu on the keypad with one key, the prompt nested for barge-in', () => {
    expect(renderGather(ask({}), { verb: 'say', text: 'Tapez 1.' }, { actionHook: '/jambonz/gather', recognizer: undefined })).toEqual({
      verb: 'gather',
      actionHook: '/jambonz/gather',
      input: ['digits'],
      timeout: 8,
      numDigits: 1,
      say: { text: 'Tapez 1.' },
    });
  });

  it('listens for speech too where the locale has recognition, with labels and synonyms as hints', () => {
    const gather = renderGather(ask({ speech: true, hints: ['Code PUK', 'puk', 'PUK', 'Solde'] }), undefined, { actionHook: '/g', recognizer });
    expect(gather.input).toEqual(['digits', 'speech']);
    expect(gather.recognizer).toEqual({ vendor: 'google', language: 'fr-FR', hints: ['Code PUK', 'puk', 'Solde'] });
  });

  it('stays on the keypad when the flow allows speech but no recognizer is configured', () => {
    expect(renderGather(ask({ speech: true, hints: ['x'] }), undefined, { actionHook: '/g', recognizer: undefined }).input).toEqual(['digits']);
  });

  it('takes digit limits and the end key from an input', () => {
    const gather = renderGather(
      ask({ kind: 'digits', minDigits: 4, maxDigits: 8, finishOnKey: '#', timeoutSeconds: 10 }),
      { verb: 'play', url: 'http://a/b.wav' },
      { actionHook: '/g', recognizer: undefined },
    );
    expect(gather).toEqual({ verb: 'gather', actionHook: '/g', input: ['digits'], timeout: 10, minDigits: 4, maxDigits: 8, finishOnKey: '#', play: { url: 'http://a/b.wav' } });
    expect(gatherKeypad(gather, '123456#')).toEqual({ reason: 'dtmfDetected', digits: '123456' });
    expect(gatherKeypad(gather, '123456789')).toEqual({ reason: 'dtmfDetected', digits: '12345678' });
  });

  it('completes a fixed-length code on its last digit', () => {
    expect(renderGather(ask({ kind: 'digits', minDigits: 4, maxDigits: 4 }), undefined, { actionHook: '/g', recognizer: undefined }).numDigits).toBe(4);
  });

  it('ends an entry without an end key after a pause, keeping the digits jambonz collected', () => {
    const gather = renderGather(ask({ kind: 'number', minDigits: undefined, maxDigits: undefined }), undefined, { actionHook: '/g', recognizer: undefined });
    expect(gather.interDigitTimeout).toBe(5);
    expect(gather.finishOnKey).toBeUndefined();
    expect(gatherKeypad(gather, '1500')).toEqual({ reason: 'dtmfDetected', digits: '1500' });
  });

  it('keeps the digits of an entry with an end key when the caller forgets to press it', () => {
    const gather = renderGather(ask({ kind: 'number', minDigits: undefined, maxDigits: undefined, finishOnKey: '#' }), undefined, { actionHook: '/g', recognizer: undefined });
    expect(gatherKeypad(gather, '1500#')).toEqual({ reason: 'dtmfDetected', digits: '1500' });
    expect(gatherKeypad(gather, '1500')).toEqual({ reason: 'dtmfDetected', digits: '1500' });
    expect(gatherKeypad(gather, '')).toEqual({ reason: 'timeout' });
  });

  it('lets a menu key be * or #: one key, no end key', () => {
    const gather = renderGather(ask({}), undefined, { actionHook: '/g', recognizer: undefined });
    expect(gather.finishOnKey).toBeUndefined();
    expect(gatherKeypad(gather, '#')).toEqual({ reason: 'dtmfDetected', digits: '#' });
    expect(gatherKeypad(gather, '*')).toEqual({ reason: 'dtmfDetected', digits: '*' });
  });
});
