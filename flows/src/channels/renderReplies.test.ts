import { describe, expect, it } from 'vitest';
import type { Effect } from '../interpreter/types.ts';
import { choiceEffect, sayEffect } from '../fixtures/effects.ts';
import { renderReplies } from './renderReplies.ts';
import { channelCapabilities } from './channelCapabilities.ts';

const { whatsapp, telegram } = channelCapabilities;

const say = (node: string, text?: string, audio?: string) => sayEffect(node, text, audio);
const ask = (node: string, labels: string[], locale = 'fr') =>
  choiceEffect(
    node,
    labels.map((label, i) => [String(i + 1), label, `${node}_${i + 1}`] as const),
    locale,
  );
const render = (effects: Effect[], caps = whatsapp) => renderReplies(effects, { capabilities: caps, audioUrl: (name) => `https://griot.example/audio/1919-selfcare/${name}` });

describe('renderReplies', () => {
  it('puts what was said before the menu in the body of the buttons, with the flow option ids', () => {
    const { replies } = render([say('welcome', 'Bienvenue chez Griot Telecom.'), say('main', 'Que voulez-vous faire ?'), ask('main', ['Code PUK', 'Solde'])]);
    expect(replies).toEqual([
      {
        type: 'choice',
        presentation: 'buttons',
        body: 'Bienvenue chez Griot Telecom.\n\nQue voulez-vous faire ?',
        listButtonLabel: 'Choisir',
        node: 'main',
        options: [
          { id: 'main_1', key: '1', label: 'Code PUK' },
          { id: 'main_2', key: '2', label: 'Solde' },
        ],
      },
    ]);
  });

  it('keeps the earlier texts apart when they would not fit in the body with the prompt', () => {
    const long = 'Historique. '.repeat(90);
    const { replies } = render([say('history', long), say('main', 'Autre chose ?'), ask('main', ['Oui', 'Non'])]);
    expect(replies).toEqual([{ type: 'text', text: long }, expect.objectContaining({ type: 'choice', body: 'Autre chose ?' })]);
  });

  it('on Telegram: seven options as keyboard buttons, a recording as a voice note, a 5,000-character text in two messages', () => {
    const { telegram } = channelCapabilities;
    const seven = render(
      [
        say('m', 'Choisissez :'),
        ask(
          'm',
          Array.from({ length: 7 }, (_, i) => `Service ${i + 1}`),
        ),
      ],
      telegram,
    ).replies;
    expect(seven).toEqual([expect.objectContaining({ type: 'choice', presentation: 'buttons', body: 'Choisissez :' })]);
    expect(render([say('fon', undefined, 'fon/menu.ogg')], telegram).replies).toEqual([{ type: 'audio', name: 'fon/menu.ogg', url: 'https://griot.example/audio/1919-selfcare/fon/menu.ogg' }]);
    expect(render([say('fon', undefined, 'fon/menu.wav')], telegram).dropped).toHaveLength(1);
    const long = 'Une phrase de conditions. '.repeat(200);
    const parts = render([say('terms', long)], telegram).replies.map((r) => (r as { text: string }).text);
    expect(parts).toHaveLength(2);
    expect(parts.every((p) => p.length <= 4096)).toBe(true);
    expect(parts.join(' ').replace(/\s+/g, ' ').trim()).toBe(long.trim());
  });

  it('joins texts in a row into one message and strips SSML', () => {
    const { replies } = render([say('a', '<speak>Votre solde est de <say-as interpret-as="cardinal">1500</say-as> F.</speak>'), say('b', 'Merci.')]);
    expect(replies).toEqual([{ type: 'text', text: 'Votre solde est de 1500 F.\n\nMerci.' }]);
  });

  it('sends a 7-option menu as a list and a 12-option menu as numbered text with the keys', () => {
    const seven = render([
      say('m', 'Choisissez :'),
      ask(
        'm',
        Array.from({ length: 7 }, (_, i) => `Service ${i + 1}`),
      ),
    ]).replies;
    expect(seven).toHaveLength(1);
    expect(seven[0]).toMatchObject({ type: 'choice', presentation: 'list' });
    const twelve = render([
      say('m', 'Choisissez :'),
      ask(
        'm',
        Array.from({ length: 12 }, (_, i) => `Service ${i + 1}`),
      ),
    ]).replies;
    expect(twelve).toHaveLength(1);
    expect(twelve[0]).toEqual({ type: 'text', text: `Choisissez :\n\n${Array.from({ length: 12 }, (_, i) => `${i + 1}. Service ${i + 1}`).join('\n')}` });
  });

  it('sends a WAV recording on WhatsApp (the channel converts it), not on Telegram', () => {
    expect(render([say('welcome', undefined, 'fon/welcome.wav')]).replies).toEqual([{ type: 'audio', name: 'fon/welcome.wav', url: 'https://griot.example/audio/1919-selfcare/fon/welcome.wav' }]);
    expect(render([say('welcome', undefined, 'fon/welcome.wav')], telegram).replies).toEqual([]);
  });

  it('sends an audio-only prompt as audio by link, and gives its menu a written body', () => {
    const { replies } = render([say('main', undefined, 'menu-fon.mp3'), ask('main', ['Code PUK', 'Solde'], 'fon')]);
    expect(replies[0]).toEqual({ type: 'audio', url: 'https://griot.example/audio/1919-selfcare/menu-fon.mp3', name: 'menu-fon.mp3' });
    expect(replies[1]).toMatchObject({ type: 'choice', body: 'Choose an option:' });
  });

  it("shows a language menu as its written prompts and the languages' buttons, without a local language's recording before anyone chose it", () => {
    const effects = [
      say('language', 'Pour le français, tapez 1.'),
      say('language', undefined, 'fon/language.mp3'),
      say('language', 'For English, press 2.'),
      { ...ask('language', ['Français', 'English', 'Fon']), kind: 'language' as const },
    ];
    for (const caps of [whatsapp, channelCapabilities.webchat, telegram]) {
      const { replies, dropped } = render(effects, caps);
      expect(replies).toEqual([expect.objectContaining({ type: 'choice', body: 'Pour le français, tapez 1.\n\nFor English, press 2.' })]);
      expect(dropped).toEqual([]);
    }
  });

  it("sends a menu's own recording before its buttons", () => {
    const { replies } = render([say('main', 'Choisissez :'), say('main', undefined, 'fon/menu.mp3'), ask('main', ['Code PUK', 'Solde'])]);
    expect(replies.map((r) => r.type)).toEqual(['audio', 'choice']);
  });

  it('drops audio in a format the channel cannot play, and says so', () => {
    const result = render([say('a', undefined, 'fon/welcome.wav')], telegram);
    expect(result.replies).toEqual([]);
    expect(result.dropped[0]?.reason).toMatch(/cannot play \.wav/);
  });

  it('prefers the text when a prompt has both text and audio', () => {
    expect(render([say('a', 'Bonjour', 'bonjour.mp3')]).replies).toEqual([{ type: 'text', text: 'Bonjour' }]);
  });

  it('reports an audio-only prompt it cannot send rather than sending nothing silently', () => {
    const result = render([say('a', undefined, 'x.mp3')], { ...channelCapabilities.webchat, audio: false });
    expect(result.replies).toEqual([]);
    expect(result.dropped).toEqual([{ node: 'a', reason: expect.stringContaining('audio only') }]);
  });

  it('splits a text over the limit and never cuts it', () => {
    const long = 'Transaction reçue. '.repeat(300);
    const { replies } = render([say('history', long)]);
    expect(replies.length).toBeGreaterThan(1);
    for (const r of replies) expect(r.type === 'text' && r.text.length <= 4096).toBe(true);
  });

  it('says a prompt too long for a menu body first, whole', () => {
    const long = 'Lisez bien. '.repeat(100);
    const { replies } = render([say('m', long), ask('m', ['Oui', 'Non'])]);
    expect(replies[0]).toEqual({ type: 'text', text: long });
    expect(replies[1]).toMatchObject({ type: 'choice', body: 'Choisissez une option :' });
  });

  it('sends a balance and the next menu as one message', () => {
    const { replies } = render([say('balance', 'Votre solde : 1500 F.'), say('menu', 'Autre chose ?'), ask('menu', ['Oui', 'Non'])]);
    expect(replies).toEqual([expect.objectContaining({ type: 'choice', body: 'Votre solde : 1500 F.\n\nAutre chose ?' })]);
  });
});
