import { describe, expect, it } from 'vitest';
import { Flow } from '@griot/flows';
import { hasMissing, hasToReview, lacksRecording, translationRows } from './translationRows.ts';

const doc = Flow.parse({
  schemaVersion: 2,
  id: 'f',
  name: 'F',
  locales: [
    { code: 'fr', name: 'Français', tts: { vendor: 'google' } },
    { code: 'en', name: 'English', tts: { vendor: 'google' } },
    { code: 'fon', name: 'Fɔngbè', tts: null },
  ],
  nodes: [
    { id: 'start', type: 'start' },
    {
      id: 'lang',
      type: 'language',
      prompt: { fr: { text: 'Tapez 1' }, en: { text: 'Press 2' } },
      options: [
        { locale: 'fr', key: '1' },
        { locale: 'en', key: '2' },
      ],
    },
    {
      id: 'menu',
      type: 'menu',
      prompt: { fr: { text: 'Tapez 1 pour le solde' }, fon: { text: 'Zɛ 1', audio: 'menu-fon.wav' } },
      options: [{ id: 'o1', key: '1', label: { fr: 'Solde', en: 'Balance' } }],
    },
    { id: 'bye', type: 'end', prompt: { fr: { text: 'Au revoir' }, en: { text: 'Goodbye' }, fon: { text: 'O dabɔ' } } },
  ],
});

describe('translation table rows', () => {
  const rows = translationRows(doc);
  const row = (key: string) => rows.find((r) => r.key === key)!;

  it('lists every prompt and label of every node', () => {
    expect(rows.map((r) => r.key)).toEqual(['lang|prompt', 'menu|prompt', 'menu|options.0.label', 'bye|prompt']);
  });

  it('marks missing text, and missing recordings where the locale has no voice', () => {
    expect(row('menu|prompt').cells.en?.missing).toBe('text');
    expect(row('menu|prompt').cells.fon?.missing).toBeNull();
    expect(row('bye|prompt').cells.fon?.missing).toBe('audio');
    expect(row('menu|options.0.label').cells.fon?.missing).toBe('text');
  });

  it('a language menu is only asked in the languages it offers', () => {
    expect(row('lang|prompt').cells.fon).toMatchObject({ notApplicable: true, missing: null });
  });

  it('marks suggested translations still to review', () => {
    const suggested = structuredClone(doc);
    const bye = suggested.nodes.find((n) => n.id === 'bye')!;
    if (bye.type === 'end') bye.prompt = { ...bye.prompt, en: { text: 'Goodbye', needsReview: true } };
    const rows = translationRows(suggested);
    expect(rows.find((r) => r.key === 'bye|prompt')!.cells.en).toMatchObject({ text: 'Goodbye', missing: null, needsReview: true });
    expect(rows.filter((r) => hasToReview(r)).map((r) => r.key)).toEqual(['bye|prompt']);
    expect(rows.filter((r) => hasToReview(r, 'fr'))).toEqual([]);
  });

  it('filters by locale', () => {
    expect(rows.filter((r) => hasMissing(r, 'en')).map((r) => r.key)).toEqual(['menu|prompt']);
    expect(rows.filter((r) => hasMissing(r)).length).toBe(3);
  });

  it('finds the prompts a locale has no recording for (labels are never recorded, a language menu only where it is asked)', () => {
    expect(rows.filter((r) => lacksRecording(r, 'fon')).map((r) => r.key)).toEqual(['bye|prompt']);
    expect(rows.filter((r) => lacksRecording(r, 'fr')).map((r) => r.key)).toEqual(['lang|prompt', 'menu|prompt', 'bye|prompt']);
    expect(rows.filter((r) => lacksRecording(r)).length).toBe(3);
  });

  it('lists each channel variant of a prompt under it, per locale; one the first language has is missing in the others until written', () => {
    const withVariants = structuredClone(doc);
    const menu = withVariants.nodes.find((n) => n.id === 'menu')!;
    if (menu.type === 'menu') {
      menu.prompt = {
        fr: { text: 'Tapez 1 pour le solde', variants: { sms: { text: 'Répondez 1 pour le solde' }, buttons: { text: 'Choisissez' } } },
        en: { text: 'Press 1 for the balance', variants: { sms: { text: '' } } },
        fon: { text: 'Zɛ 1', audio: 'menu-fon.wav', variants: { keypad: { text: 'Zɛ 1 (kplé)' }, nochannel: { text: 'jamais dit' } } },
      };
    }
    const rows = translationRows(withVariants);
    // Channels first, then ways of answering; a key that is neither is never said, so not listed.
    expect(rows.filter((r) => r.nodeId === 'menu').map((r) => r.key)).toEqual(['menu|prompt', 'menu|prompt|sms', 'menu|prompt|keypad', 'menu|prompt|buttons', 'menu|options.0.label']);
    const sms = rows.find((r) => r.key === 'menu|prompt|sms')!;
    expect(sms).toMatchObject({ field: 'prompt', kind: 'prompt', variant: 'sms' });
    expect(sms.cells.fr).toMatchObject({ text: 'Répondez 1 pour le solde', missing: null });
    // Opened and left empty: nothing is shown on SMS in English (lint warns).
    expect(sms.cells.en).toMatchObject({ text: '', missing: 'text' });
    // Fɔngbè would send its own text by SMS: French has an SMS wording, so Fɔngbè's is missing.
    expect(sms.cells.fon).toMatchObject({ text: '', missing: 'text', fallsBack: true });
    // The keypad wording is said on a call: Fɔngbè has no voice, so it needs its own recording.
    const keypad = rows.find((r) => r.key === 'menu|prompt|keypad')!;
    expect(keypad.cells.fon).toMatchObject({ text: 'Zɛ 1 (kplé)', missing: 'audio' });
    // Only Fɔngbè has a keypad wording: French, the language the flow is written in, need not.
    expect(keypad.cells.fr).toMatchObject({ missing: null, fallsBack: true });
    expect(keypad.cells.en).toMatchObject({ missing: null, fallsBack: true });
    expect(lacksRecording(keypad, 'fon')).toBe(true);
    expect(lacksRecording(keypad, 'fr')).toBe(false);
    // A text channel's wording is never recorded.
    expect(lacksRecording(sms)).toBe(false);
    expect(rows.filter((r) => hasMissing(r, 'en')).map((r) => r.key)).toEqual(['menu|prompt|sms', 'menu|prompt|buttons']);
    expect(rows.find((r) => r.key === 'menu|prompt|buttons')!.cells.en).toMatchObject({ missing: 'text', fallsBack: true });
  });

  it('marks a suggested variant still to review, apart from the prompt it belongs to', () => {
    const suggested = structuredClone(doc);
    const menu = suggested.nodes.find((n) => n.id === 'menu')!;
    if (menu.type === 'menu') {
      menu.prompt = {
        fr: { text: 'Tapez 1 pour le solde', variants: { sms: { text: 'Répondez 1 pour le solde' } } },
        en: { text: 'Press 1 for the balance', variants: { sms: { text: 'Reply 1 for the balance', needsReview: true } } },
      };
    }
    const rows = translationRows(suggested);
    expect(rows.find((r) => r.key === 'menu|prompt|sms')!.cells.en).toMatchObject({ text: 'Reply 1 for the balance', missing: null, needsReview: true });
    expect(rows.find((r) => r.key === 'menu|prompt')!.cells.en).toMatchObject({ needsReview: false });
    expect(rows.filter((r) => hasToReview(r, 'en')).map((r) => r.key)).toEqual(['menu|prompt|sms']);
  });

  it('a language with recordings only (Fon on the 1919 line) owes recordings: its text channels and labels read the written language', () => {
    const recorded = Flow.parse({
      schemaVersion: 2,
      id: 'f',
      name: 'F',
      locales: [
        { code: 'fr', name: 'Français', tts: { vendor: 'google' } },
        { code: 'fon', name: 'Fon', tts: null },
      ],
      nodes: [
        { id: 'start', type: 'start' },
        {
          id: 'menu',
          type: 'menu',
          prompt: { fr: { text: 'Tapez 1 pour le solde', variants: { sms: { text: 'Répondez 1' }, whatsapp: { text: 'Choisissez' } } }, fon: { audio: 'fon/menu.wav' } },
          options: [{ id: 'o1', key: '1', label: { fr: 'Solde', fon: 'Solde' } }],
        },
        { id: 'bye', type: 'end', prompt: { fr: { text: 'Au revoir' }, fon: {} } },
      ],
    });
    const rows = translationRows(recorded);
    const cell = (key: string) => rows.find((r) => r.key === key)!.cells.fon;
    // The SMS and WhatsApp wordings: the French one is sent; nothing to write in Fon, nothing missing.
    expect(cell('menu|prompt|sms')).toMatchObject({ missing: null, writtenIn: 'fr', fallsBack: true });
    expect(cell('menu|prompt|whatsapp')).toMatchObject({ missing: null, writtenIn: 'fr' });
    // The option's label is the French one (copied into Fon): shown as French, not as a Fon text.
    expect(cell('menu|options.0.label')).toMatchObject({ text: '', missing: null, writtenIn: 'fr' });
    // What is owed: the recording of the goodbye, and only that.
    expect(cell('bye|prompt')).toMatchObject({ missing: 'audio' });
    expect(rows.filter((r) => hasMissing(r, 'fon')).map((r) => r.key)).toEqual(['bye|prompt']);
  });
});
