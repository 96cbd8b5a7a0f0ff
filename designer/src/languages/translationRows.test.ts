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
});
