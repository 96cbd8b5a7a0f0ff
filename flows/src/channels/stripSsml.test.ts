import { describe, expect, it } from 'vitest';
import { stripSsml } from './stripSsml.ts';

describe('stripSsml', () => {
  it('keeps the words and drops the tags', () => {
    expect(stripSsml('<speak>Votre code PUK est <say-as interpret-as="characters">1234</say-as>.</speak>')).toBe('Votre code PUK est 1234.');
  });

  it('turns a break into a space and decodes entities', () => {
    expect(stripSsml('<speak>Bonjour<break time="500ms"/>Orange &amp; MTN</speak>')).toBe('Bonjour Orange & MTN');
  });

  it('leaves text without tags alone, a lone "<" included', () => {
    expect(stripSsml('Solde < 100 F ? Rechargez & profitez')).toBe('Solde < 100 F ? Rechargez & profitez');
  });

  it('keeps paragraphs', () => {
    expect(stripSsml('<speak>\n  <p>Un</p>\n\n\n  <p>Deux</p>\n</speak>')).toBe('Un\n\nDeux');
  });
});
