import { describe, expect, it } from 'vitest';
import { channelCapabilities } from './channelCapabilities.ts';
import { pageMove } from './pageMove.ts';
import { pageText } from './pageText.ts';
import { encodedLength } from './planSms.ts';

const lines = { screenMaxLength: 182, next: '00 Suite', back: '0 Retour' };
const words = (text: string) => text.replace(/\s+/g, ' ').trim();
const sentences = (count: number) => Array.from({ length: count }, (_, i) => `Phrase ${i + 1} du texte des conditions.`).join(' ');

describe('pageText', () => {
  it('shows a text that fits as one screen, with no paging line', () => {
    expect(pageText('Votre solde est de 1 250 F.', lines)).toEqual([{ body: 'Votre solde est de 1 250 F.', screen: 'Votre solde est de 1 250 F.', hasNext: false, hasBack: false }]);
  });

  it('pages a long text into screens of at most 182 characters, paging lines included, losing nothing', () => {
    const text = sentences(40);
    const pages = pageText(text, lines);
    expect(pages.length).toBeGreaterThan(text.length / 182);
    for (const page of pages) expect(page.screen.length).toBeLessThanOrEqual(182);
    expect(words(pages.map((p) => p.body).join(' '))).toBe(words(text));
    // First: only "next"; between: both; last: only "back". Cuts fall after sentences.
    expect(pages[0]).toMatchObject({ hasNext: true, hasBack: false });
    expect(pages[0]?.screen.endsWith('\n00 Suite')).toBe(true);
    expect(pages[1]).toMatchObject({ hasNext: true, hasBack: true });
    expect(pages[1]?.screen.endsWith('\n00 Suite\n0 Retour')).toBe(true);
    expect(pages.at(-1)).toMatchObject({ hasNext: false, hasBack: true });
    for (const page of pages.slice(0, -1)) expect(page.body).toMatch(/\.$/);
  });

  it('uses the room the back line leaves on the last screen', () => {
    // 182 + 10 characters: the second screen holds the rest with "0 Retour" under it.
    const text = `${'a'.repeat(100)} ${'b'.repeat(91)}`;
    const pages = pageText(text, lines);
    expect(pages.map((p) => p.body)).toEqual(['a'.repeat(100), 'b'.repeat(91)]);
    expect(pages[1]?.screen).toBe(`${'b'.repeat(91)}\n0 Retour`);
  });

  it('counts a GSM screen in septets: each €, [ or ] takes two of the 182', () => {
    const ucs2 = { ...lines, ucs2ScreenMaxLength: 80 };
    // 170 characters, 185 septets (15 €): over what one GSM screen carries, though under 182 characters.
    const text = `Tarifs [promo] : ${Array.from({ length: 13 }, (_, i) => `${i + 1} €`).join(', ')}. ${'Offre valable ce mois. '.repeat(4)}`.trim();
    expect(text.length).toBeLessThanOrEqual(182);
    expect(encodedLength(text)).toBeGreaterThan(182);
    const pages = pageText(text, ucs2);
    expect(pages.length).toBe(2);
    for (const page of pages) expect(encodedLength(page.screen)).toBeLessThanOrEqual(182);
    expect(words(pages.map((p) => p.body).join(' '))).toBe(words(text));
    // A long text full of them: every screen within 182 septets, paging lines included.
    for (const page of pageText(`${'Prix : 100 € [TTC]. '.repeat(40)}`.trim(), ucs2)) expect(encodedLength(page.screen)).toBeLessThanOrEqual(182);
  });

  it('holds 80 characters on a screen that needs UCS-2, 182 on the others of the same text', () => {
    const ucs2 = { ...lines, ucs2ScreenMaxLength: 80 };
    // 100 characters with one ô: too long for a UCS-2 screen (80), short for a GSM one (182).
    const text = `Plutôt que d'attendre, tapez 1. ${'a'.repeat(30)} ${'b'.repeat(36)}`;
    const pages = pageText(text, ucs2);
    expect(pages.length).toBe(2);
    for (const page of pages) expect(page.screen.length).toBeLessThanOrEqual(80);
    expect(words(pages.map((p) => p.body).join(' '))).toBe(words(text));
    // In GSM 03.38 alone, the same length is one screen.
    expect(pageText(text.replace('ô', 'o'), ucs2)).toHaveLength(1);
    // A GSM screen after a UCS-2 one holds 182 again.
    const mixed = pageText(`Plutôt ${'x'.repeat(70)}. ${sentences(4)}`, ucs2);
    expect(mixed[0]?.screen.length).toBeLessThanOrEqual(80);
    expect(mixed.slice(1).some((p) => p.screen.length > 80)).toBe(true);
    expect(channelCapabilities.ussd.pages?.ucs2ScreenMaxLength).toBe(80);
  });

  it('offers no way back when the back key means something else on this screen', () => {
    const pages = pageText(sentences(12), { screenMaxLength: 182, next: '00 Suite' });
    expect(pages.every((p) => !p.hasBack && !p.screen.includes('Retour'))).toBe(true);
  });
});

describe('pageMove', () => {
  const [first, middle] = pageText(sentences(20), lines) as [ReturnType<typeof pageText>[number], ReturnType<typeof pageText>[number]];
  const { ussd } = channelCapabilities;

  it('reads 00 as the next screen and 0 as the one before, where the screen offers them', () => {
    expect(pageMove('00', first, ussd)).toBe('next');
    expect(pageMove(' 0 ', middle, ussd)).toBe('back');
  });

  it('leaves every other answer to the flow, a paging key the screen does not offer included', () => {
    expect(pageMove('0', first, ussd)).toBeNull();
    expect(pageMove('1', middle, ussd)).toBeNull();
    const single = pageText('Tapez votre numéro de ligne.', lines)[0]!;
    expect(pageMove('00', single, ussd)).toBeNull();
  });
});
