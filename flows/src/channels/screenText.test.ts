import { describe, expect, it } from 'vitest';
import type { Effect } from '../interpreter/types.ts';
import { choiceEffect, sayEffect } from '../fixtures/effects.ts';
import { channelCapabilities } from './channelCapabilities.ts';
import { renderReplies, type RenderResult } from './renderReplies.ts';
import { screenText } from './screenText.ts';

const { ussd } = channelCapabilities;
const say = (node: string, text?: string, audio?: string) => sayEffect(node, text, audio);
const ask = (node: string, options: Array<[key: string, label: string]>) => choiceEffect(node, options);

/** What the screen text was before `screenText`: the replies `renderReplies` gives with no length limit, joined. */
function asRenderedReplies(effects: readonly Effect[]): { text: string; dropped: RenderResult['dropped'] } {
  const { replies, dropped } = renderReplies(effects, { capabilities: { ...ussd, textMaxLength: undefined } });
  return { text: replies.flatMap((reply) => (reply.type === 'text' ? [reply.text] : reply.type === 'choice' ? [reply.body] : [])).join('\n\n'), dropped };
}

/** A small deterministic generator (no flaky seeds): the same turns every run. */
function* turns(count: number): Generator<Effect[]> {
  let seed = 7;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const texts = ['Bienvenue sur le 1919.', '<speak>Votre solde : <break time="1s"/> 48 000 F &amp; 2 Go.</speak>', '', '   ', 'Tapez votre numéro,\nsuivi de dièse.', '<speak></speak>'];
  const labels: Array<[string, string]> = [
    ['1', 'Code PUK'],
    ['2', 'Solde'],
    ['0', 'Retour'],
    ['5', '5 - Très satisfait'],
    ['3', ' Conditions '],
    ['1', '1 000 FCFA'],
  ];
  for (let t = 0; t < count; t += 1) {
    const effects: Effect[] = [];
    const length = next(6);
    for (let i = 0; i < length; i += 1) {
      const node = `n${next(3)}`;
      const kind = next(5);
      if (kind === 0)
        effects.push(
          ask(
            node,
            Array.from({ length: next(4) }, () => labels[next(labels.length)]!),
          ),
        );
      else if (kind === 1) effects.push(say(node, undefined, next(2) === 0 ? 'accueil.WAV' : undefined));
      else if (kind === 2) effects.push({ type: 'end', node, reason: 'completed' } as unknown as Effect);
      else effects.push(say(node, texts[next(texts.length)], next(4) === 0 ? 'a.mp3' : undefined));
    }
    yield effects;
  }
}

describe('screenText', () => {
  it('gives the text and dropped prompts renderReplies joined gave, on 2,000 generated USSD turns', () => {
    let compared = 0;
    for (const effects of turns(2000)) {
      const dropped: RenderResult['dropped'] = [];
      const text = screenText(effects, ussd, dropped);
      expect({ text, dropped }).toEqual(asRenderedReplies(effects));
      compared += 1;
    }
    expect(compared).toBe(2000);
  });

  it('shows a menu as numbered lines under what was said, and names a prompt it cannot play', () => {
    const dropped: RenderResult['dropped'] = [];
    const text = screenText(
      [
        say('main', 'Bienvenue.'),
        say('main', undefined, 'jingle.wav'),
        ask('main', [
          ['1', 'Code PUK'],
          ['2', 'Solde'],
        ]),
      ],
      ussd,
      dropped,
    );
    expect(text).toBe('Bienvenue.\n\n1. Code PUK\n2. Solde');
    expect(dropped).toEqual([{ node: 'main', reason: 'prompt "jingle.wav" has audio only and this channel cannot play .wav' }]);
  });

  it('leaves a row with buttons, lists or audio to renderReplies', () => {
    expect(screenText([say('main', 'Bonjour')], channelCapabilities.whatsapp, [])).toBeUndefined();
  });
});
