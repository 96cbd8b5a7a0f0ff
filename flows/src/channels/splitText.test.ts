import { describe, expect, it } from 'vitest';
import { splitText } from './splitText.ts';

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
});
