import { describe, expect, it } from 'vitest';
import { numberedMenu, planMenu } from './planMenu.ts';
import { channelCapabilities } from './channelCapabilities.ts';
import type { ReplyOption } from './replies.ts';

const { whatsapp } = channelCapabilities;

const options = (labels: string[]): ReplyOption[] => labels.map((label, i) => ({ id: `opt${i + 1}`, key: String(i + 1), label }));

describe('planMenu', () => {
  it('uses buttons for up to three short options', () => {
    expect(planMenu(options(['Français', 'English']), whatsapp)).toBe('buttons');
    expect(planMenu(options(['Code PUK', 'Solde', 'Conseiller']), whatsapp)).toBe('buttons');
  });

  it('uses a list for four to ten options', () => {
    expect(planMenu(options(['A', 'B', 'C', 'D']), whatsapp)).toBe('list');
    expect(planMenu(options(Array.from({ length: 10 }, (_, i) => `Option ${i}`)), whatsapp)).toBe('list');
  });

  it('moves to a list when a label is too long for a button, rather than cutting it', () => {
    expect(planMenu(options(['Parler à un conseiller', 'Solde']), whatsapp)).toBe('list');
  });

  it('falls back to numbered text past ten options or a label too long for a row', () => {
    expect(planMenu(options(Array.from({ length: 11 }, (_, i) => `Option ${i}`)), whatsapp)).toBe('numbered');
    expect(planMenu(options(['Historique des transactions Mobile Money', 'Solde']), whatsapp)).toBe('numbered');
  });

  it('uses numbered text when two labels look the same', () => {
    expect(planMenu(options(['Solde', 'solde ']), whatsapp)).toBe('numbered');
  });

  it('uses numbered text on a channel without buttons or lists', () => {
    expect(planMenu(options(['Oui', 'Non']), { ...whatsapp, buttons: undefined, list: undefined })).toBe('numbered');
  });

  it('puts up to ten options of up to 40 characters on a Telegram inline keyboard, numbered text past that', () => {
    const { telegram } = channelCapabilities;
    expect(planMenu(options(['Code PUK', 'Solde', 'Mobile Money', 'Conseiller']), telegram)).toBe('buttons');
    expect(planMenu(options(['Historique des transactions Mobile Money', 'Solde']), telegram)).toBe('buttons');
    expect(planMenu(options(Array.from({ length: 11 }, (_, i) => `Option ${i}`)), telegram)).toBe('numbered');
    expect(planMenu(options(['Historique de toutes vos transactions Mobile Money', 'Solde']), telegram)).toBe('numbered');
    // callback_data holds 64 bytes: a longer option id could not come back from a press.
    expect(planMenu([{ id: 'x'.repeat(65), key: '1', label: 'Oui' }], telegram)).toBe('numbered');
  });

  it('shows up to thirteen options as Messenger quick replies, and numbered text past that or past 20 characters', () => {
    const { messenger } = channelCapabilities;
    expect(planMenu(options(['Code PUK', 'Solde', 'Conseiller']), messenger)).toBe('buttons');
    expect(planMenu(options(Array.from({ length: 13 }, (_, i) => `Option ${i}`)), messenger)).toBe('buttons');
    expect(planMenu(options(Array.from({ length: 14 }, (_, i) => `Option ${i}`)), messenger)).toBe('numbered');
    // 21 characters: no list to fall back on, so numbered text rather than a cut title.
    expect(planMenu(options(['Historique des appels', 'Solde']), messenger)).toBe('numbered');
  });

  it('speaks the menu on a call, whatever the options', () => {
    expect(planMenu(options(['Oui', 'Non']), channelCapabilities.voice)).toBe('spoken');
    expect(planMenu(options(Array.from({ length: 12 }, (_, i) => `Option ${i}`)), channelCapabilities.voice)).toBe('spoken');
  });

  it('numbers options with their keys', () => {
    expect(
      numberedMenu([
        { id: 'puk', key: '1', label: 'Code PUK' },
        { id: 'agent', key: '0', label: 'Conseiller' },
      ]),
    ).toBe('1. Code PUK\n0. Conseiller');
  });

  it('numbers a label that already starts with its key once ("5. Très satisfait", not "5. 5 - Très satisfait")', () => {
    expect(
      numberedMenu([
        { id: 'a', key: '1', label: '1 - Pas du tout satisfait' },
        { id: 'b', key: '2', label: '2. Peu satisfait' },
        { id: 'c', key: '3', label: '3) Moyen' },
        { id: 'd4', key: '4', label: '4: Satisfait' },
        { id: 'd', key: '5', label: '5 – Très satisfait' },
      ]),
    ).toBe('1. Pas du tout satisfait\n2. Peu satisfait\n3. Moyen\n4. Satisfait\n5. Très satisfait');
  });

  it('keeps a number that is part of the label', () => {
    expect(
      numberedMenu([
        { id: 'a', key: '1', label: '1 000 FCFA' },
        { id: 'b', key: '2', label: '2e forfait' },
        { id: 'c', key: '3', label: '30 jours' },
        { id: 'd', key: '4', label: '4' },
        { id: 'e', key: '5', label: '5.5 Go' },
        { id: 'f', key: '6', label: '6-8 jours' },
      ]),
    ).toBe('1. 1 000 FCFA\n2. 2e forfait\n3. 30 jours\n4. 4\n5. 5.5 Go\n6. 6-8 jours');
  });
});
