import { describe, expect, it } from 'vitest';
import { splitText, takePart } from './splitText.ts';

describe('splitText', () => {
  it('returns short text whole', () => {
    expect(splitText('Bonjour', 4096)).toEqual(['Bonjour']);
  });

  it('cuts long text at paragraphs, every part within the limit, nothing lost', () => {
    const paragraph = 'Mot '.repeat(300).trim();
    const text = [paragraph, paragraph, paragraph, paragraph].join('\n\n');
    const parts = splitText(text, 4096);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(4096);
    expect(parts.join(' ').replace(/\s+/g, ' ')).toBe(text.replace(/\s+/g, ' '));
  });

  it('prefers sentence ends to word breaks', () => {
    expect(splitText('Un deux trois. Quatre cinq six.', 20)).toEqual(['Un deux trois.', 'Quatre cinq six.']);
  });

  it('cuts inside a word only when the word is longer than the limit', () => {
    expect(splitText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
  });

  it('never splits an emoji in two', () => {
    const parts = splitText('👍'.repeat(10), 5);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(5);
    expect(parts.join('')).toBe('👍'.repeat(10));
    expect(parts.every((p) => !/[\uD800-\uDBFF]$/.test(p))).toBe(true);
  });

  it('cuts where the rule with regular expressions cuts, on texts of every kind of break and space', () => {
    // The rule as first written, kept here as the reference: the last break of each kind, in order, that leaves half the limit.
    const referenceCut = (text: string, max: number): number => {
      const window = text.slice(0, max + 1);
      for (const boundary of [/\n\n/g, /\n/g, /[.!?…]\s/g, /\s/g]) {
        let best = -1;
        for (const match of window.matchAll(boundary)) if ((match.index ?? 0) + match[0].length <= max) best = (match.index ?? 0) + match[0].length;
        if (best >= Math.floor(max / 2)) return best;
      }
      const code = text.charCodeAt(max - 1);
      return code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
    };
    const pieces = ['a', 'é', 'mot', ' ', '\n', '\n\n', '\n\n\n', '.', '!', '?', '…', '\t', '\u00a0', '\u2009', '\u3000', '\ufeff', '\u2028', '👍', '1. Solde', 'Tapez 00'];
    // A fixed pseudo-random sequence (no clock, no Math.random): the same texts every run.
    let seed = 1919;
    const next = (n: number) => {
      // mulberry32
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) % n;
    };
    let compared = 0;
    for (let run = 0; run < 3000; run += 1) {
      // A few kinds of piece per text, so that each kind of break and space is at times the only one.
      const alphabet = Array.from({ length: 2 + next(3) }, () => pieces[next(pieces.length)]);
      const text = Array.from({ length: 1 + next(80) }, () => alphabet[next(alphabet.length)]).join('');
      const max = 2 + next(60);
      if (text.length <= max) continue;
      const cut = referenceCut(text, max);
      expect(takePart(text, max), JSON.stringify({ text, max })).toEqual([text.slice(0, cut).trimEnd(), text.slice(cut).trimStart()]);
      compared += 1;
    }
    expect(compared).toBeGreaterThan(1000);
  });
});
