import { describe, expect, it } from 'vitest';
import { captionsOf } from './captionsOf.ts';

const vttOf = (url: string) => {
  expect(url.startsWith('data:text/vtt;charset=utf-8,')).toBe(true);
  return decodeURIComponent(url.slice('data:text/vtt;charset=utf-8,'.length));
};

describe('captionsOf', () => {
  it('captions the whole take with the text that was read', () => {
    expect(vttOf(captionsOf('Bienvenue sur le 1919.', 3.25))).toBe('WEBVTT\n\n00:00:00.000 --> 00:00:03.250\nBienvenue sur le 1919.\n');
  });

  it('counts minutes and hours past sixty', () => {
    expect(vttOf(captionsOf('Long', 3_725.5))).toContain('00:00:00.000 --> 01:02:05.500');
  });

  it('keeps SSML, markup and cue ends out of the caption, and no blank line that would end the cue', () => {
    const vtt = vttOf(captionsOf('<speak>Tapez 1 <break time="300ms"/> pour le solde</speak>\n\nA --> B & C < D', 2));
    const [header, blank, timing, ...cue] = vtt.trimEnd().split('\n');
    expect([header, blank, timing]).toEqual(['WEBVTT', '', '00:00:00.000 --> 00:00:02.000']);
    expect(cue.join('\n')).toMatch(/^Tapez 1\s+pour le solde\nA → B &amp; C &lt; D$/);
  });
});
