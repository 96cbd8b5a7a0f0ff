import { describe, expect, it } from 'vitest';
import type { Effect } from '@griot/flows';
import { MAX_TRANSCRIPT_PROMPT_CHARS, transcriptTurn } from './transcriptTurn.ts';

const at = new Date('2026-12-04T10:00:00Z');
const say = (text: string) => ({ type: 'say' as const, node: 'n', locale: 'fr', text });

describe('transcriptTurn', () => {
  it('keeps a turn’s prompts as said', () => {
    const cuts: number[] = [];
    const turn = transcriptTurn({ at, input: '1', effects: [say('Bonjour.'), say('Tapez 1.')], nodes: ['a'], durationMs: 1.234, onCut: (c) => cuts.push(c) });
    expect(turn.prompts).toEqual(['Bonjour.', 'Tapez 1.']);
    expect(cuts).toEqual([]);
  });

  it('keeps at most 64 Ki characters of a turn’s prompts, says how much was left out, and tells the caller of it', () => {
    const cuts: number[] = [];
    const big = 'x'.repeat(60_000);
    const turn = transcriptTurn({ at, input: null, effects: [say('Bonjour.'), say(big), say(big), say('Au revoir.')], nodes: [], durationMs: 0, onCut: (c) => cuts.push(c) });
    const kept = turn.prompts.slice(0, -1).join('').length;
    expect(kept).toBe(MAX_TRANSCRIPT_PROMPT_CHARS);
    const left = 8 + 60_000 * 2 + 10 - MAX_TRANSCRIPT_PROMPT_CHARS;
    expect(turn.prompts.at(-1)).toBe(`[${left} more characters not kept]`);
    expect(cuts).toEqual([left]);
    expect(turn.prompts[0]).toBe('Bonjour.');
  });

  it('keeps a language menu’s recordings on a call, not on a chat that did not send them', () => {
    const effects: Effect[] = [
      { type: 'say', node: 'lang', locale: 'fr', text: 'Pour le français, tapez 1.' },
      { type: 'say', node: 'lang', locale: 'fon', audio: 'fon/language.wav' },
      { type: 'ask', node: 'lang', kind: 'language', locale: 'fr', options: [], minDigits: 1, maxDigits: 1, timeoutSeconds: 8, bargeIn: true, speech: false, hints: [], retry: 0 },
    ];
    const base = { at, input: null, effects, nodes: ['lang'], durationMs: 0 };
    expect(transcriptTurn({ ...base, channel: 'voice' }).prompts).toEqual(['Pour le français, tapez 1.', '[audio: fon/language.wav]']);
    expect(transcriptTurn({ ...base, channel: 'webchat' }).prompts).toEqual(['Pour le français, tapez 1.']);
    // Any other recording a chat sent stays.
    const welcome: Effect = { type: 'say', node: 'welcome', locale: 'fon', audio: 'fon/welcome.wav' };
    expect(transcriptTurn({ ...base, effects: [welcome], channel: 'whatsapp' }).prompts).toEqual(['[audio: fon/welcome.wav]']);
  });

  it('says a look-up Griot could not send for want of its own configuration was not the operator’s system', () => {
    const lookups = [
      { node: 'solde', backend: 'crm', outcome: 'error', ms: 0.4, cause: 'secret.notSet' },
      { node: 'forfait', backend: 'crm', outcome: 'error', ms: 31.2, cause: 'http 503' },
      { node: 'offre', backend: 'crm', outcome: 'response', ms: 12.7 },
    ];
    const turn = transcriptTurn({ at, input: '1', effects: [], nodes: ['solde', 'forfait', 'offre'], durationMs: 50, lookups });
    expect(turn.lookups).toEqual([
      { node: 'solde', backend: 'crm', outcome: 'misconfigured', cause: 'secret.notSet', ms: 0 },
      { node: 'forfait', backend: 'crm', outcome: 'error', cause: 'http 503', ms: 31 },
      { node: 'offre', backend: 'crm', outcome: 'ok', ms: 13 },
    ]);
  });
});
