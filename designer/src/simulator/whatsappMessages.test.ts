import { describe, expect, it } from 'vitest';
import type { AskOption, Effect } from '@griot/flows';
import { whatsappMessages } from './whatsappMessages.ts';
import { whatsappMenuOf } from './whatsappPresentation.ts';

const options = (labels: string[]): AskOption[] => labels.map((label, i) => ({ id: `o${i + 1}`, key: String(i + 1), label, synonyms: [] }));
const ask = (labels: string[]): Effect => ({ type: 'ask', node: 'menu', kind: 'choice', locale: 'fr', options: options(labels), timeoutSeconds: 8, bargeIn: true, speech: false, hints: [], retry: 0 });

describe('a menu on WhatsApp, as the phone shows it', () => {
  it('three short options are reply buttons', () => {
    expect(whatsappMenuOf(options(['Solde', 'Code PUK', 'Conseiller']))).toBe('buttons');
  });
  it('four to ten options, or a title over 20 characters, make a list', () => {
    expect(whatsappMenuOf(options(['A', 'B', 'C', 'D']))).toBe('list');
    expect(whatsappMenuOf(options(['Historique des appels', 'Solde']))).toBe('list');
  });
  it('more than ten options, a row over 24 characters or two equal labels become numbered text', () => {
    expect(whatsappMenuOf(options(Array.from({ length: 11 }, (_, i) => `Option ${i}`)))).toBe('numbered');
    expect(whatsappMenuOf(options(['Parler à un conseiller humain', 'Solde']))).toBe('numbered');
    expect(whatsappMenuOf(options(['Solde', 'solde']))).toBe('numbered');
  });

  it("the menu's own prompt becomes its body; numbered text follows the prompt", () => {
    const say: Effect = { type: 'say', node: 'menu', locale: 'fr', text: '<speak>Que voulez-vous ?</speak>' };
    expect(whatsappMessages([say, ask(['Solde', 'Conseiller'])], 'Choisissez :')).toEqual([
      { kind: 'menu', presentation: 'buttons', body: 'Que voulez-vous ?', options: options(['Solde', 'Conseiller']), node: 'menu' },
    ]);
    const many = Array.from({ length: 12 }, (_, i) => `Choix ${i + 1}`);
    const [message] = whatsappMessages([say, ask(many)], 'Choisissez :');
    expect(message).toMatchObject({ kind: 'text' });
    expect(message?.kind === 'text' && message.text.startsWith('Que voulez-vous ?\n\n1. Choix 1')).toBe(true);
  });
});
