import { describe, expect, it } from 'vitest';
import { Flow, lintFlow, sourceStamp, type FlowInput } from '@griot/flows';
import { createDocumentStore } from '../documentStore.ts';
import { translationRows } from '../../languages/translationRows.ts';

/** A welcome in French, English and Fon (recorded), written before translations were stamped. */
function welcomeFlow(): Flow {
  const input: FlowInput = {
    schemaVersion: 2,
    id: 'welcome',
    name: 'Welcome',
    locales: [
      { code: 'fr', name: 'Français', tts: { vendor: 'google' } },
      { code: 'en', name: 'English', tts: { vendor: 'google' } },
      { code: 'fon', name: 'Fon', tts: null },
    ],
    nodes: [
      { id: 'start', type: 'start' },
      { id: 'hello', type: 'message', prompt: { fr: { text: 'Bienvenue au 1919.' }, en: { text: 'Welcome to 1919.' }, fon: { audio: 'hello-fon.wav' } } },
      {
        id: 'menu',
        type: 'menu',
        prompt: {
          fr: { text: 'Tapez 1 pour le PUK.', variants: { whatsapp: { text: 'Choisissez le PUK.' } } },
          en: { text: 'Press 1 for PUK.', variants: { whatsapp: { text: 'Choose PUK.' }, sms: { text: 'PUK: 1' } } },
          fon: { audio: 'menu-fon.wav' },
        },
        options: [{ id: 'puk', key: '1', label: { fr: 'Code PUK', en: 'PUK code' }, synonyms: {} }],
      },
      { id: 'bye', type: 'end' },
    ],
    edges: [
      { id: 'e1', source: 'start', output: 'next', target: 'hello' },
      { id: 'e2', source: 'hello', output: 'next', target: 'menu' },
      { id: 'e3', source: 'menu', output: 'puk', target: 'bye' },
    ],
  };
  return Flow.parse(input);
}

function open() {
  let clock = 0;
  const store = createDocumentStore(() => (clock += 5000));
  store.getState().load('welcome', welcomeFlow(), 1);
  const doc = () => store.getState().doc as Flow;
  const staleCells = () =>
    translationRows(doc()).flatMap((r) =>
      Object.entries(r.cells)
        .filter(([, c]) => c.stale)
        .map(([code, c]) => `${r.nodeId}${r.kind === 'label' ? ` ${r.field}` : ''}${r.variant ? ` ${r.variant}` : ''} ${code} ${c.stale?.text ? 'text' : ''}${c.stale?.audio ? 'audio' : ''}`),
    );
  return { store, doc, actions: store.getState().actions, staleCells };
}

describe('translations follow their French text', () => {
  it('nothing is stale on opening a document written before stamps', () => {
    expect(open().staleCells()).toEqual([]);
  });

  it('rewriting the French flags the English text and the Fon recording; lint warns without refusing', () => {
    const { actions, staleCells, doc } = open();
    actions.setPromptText('hello', 'prompt', 'fr', 'Bienvenue sur le 1919, le service client.');
    expect(staleCells()).toEqual(['hello en text', 'hello fon audio']);
    const warnings = lintFlow(doc()).filter((i) => i.code === 'translation.stale');
    expect(warnings.map((w) => `${w.severity} ${w.field}`)).toEqual(['warning prompt.en', 'warning prompt.fon']);
  });

  it('editing the English or confirming it clears its flag; re-recording the Fon clears the recording', () => {
    const { actions, staleCells, doc } = open();
    actions.setPromptText('hello', 'prompt', 'fr', 'Bienvenue sur le 1919.');
    actions.setPromptText('hello', 'prompt', 'en', 'Welcome to the 1919.');
    expect(staleCells()).toEqual(['hello fon audio']);
    expect((doc().nodes.find((n) => n.id === 'hello') as { prompt: Record<string, { sourceStamp?: string }> }).prompt.en?.sourceStamp).toBe(sourceStamp('Bienvenue sur le 1919.'));
    actions.setPromptAudio('hello', 'prompt', 'fon', 'hello-fon-2.wav');
    expect(staleCells()).toEqual([]);

    actions.setPromptText('hello', 'prompt', 'fr', 'Bonjour et bienvenue.');
    expect(staleCells()).toEqual(['hello en text', 'hello fon audio']);
    actions.confirmTranslation('hello', 'prompt', 'en');
    actions.confirmTranslation('hello', 'prompt', 'fon');
    expect(staleCells()).toEqual([]);
  });

  it('undo puts the French and the flags back together', () => {
    const { store, actions, staleCells } = open();
    actions.setPromptText('hello', 'prompt', 'fr', 'Bienvenue sur le 1919.');
    expect(staleCells()).toHaveLength(2);
    store.getState().undo();
    expect(staleCells()).toEqual([]);
  });
});

describe('channel wordings and menu option labels follow their French too', () => {
  it('rewriting the French WhatsApp wording flags the English one; the SMS wording follows the French text; « toujours correct » clears each', () => {
    const { actions, staleCells, doc } = open();
    actions.setPromptVariantText('menu', 'prompt', 'fr', 'whatsapp', 'Choisissez : code PUK ou conseiller.');
    expect(staleCells()).toEqual(['menu whatsapp en text']);
    const warnings = lintFlow(doc()).filter((i) => i.code === 'translation.stale');
    expect(warnings.map((w) => `${w.severity} ${w.field}`)).toEqual(['warning prompt.en.variants.whatsapp']);
    actions.setPromptText('menu', 'prompt', 'fr', 'Tapez 1 pour votre code PUK.');
    expect(staleCells()).toEqual(['menu en text', 'menu fon audio', 'menu whatsapp en text', 'menu sms en text']);

    // Written again in English, the wording is stamped with the French one it stands beside.
    actions.setPromptVariantText('menu', 'prompt', 'en', 'whatsapp', 'Choose: PUK code or agent.');
    expect(staleCells()).not.toContain('menu whatsapp en text');
    actions.confirmTranslation('menu', 'prompt', 'en', 'sms');
    expect(staleCells()).toEqual(['menu en text', 'menu fon audio']);
  });

  it('rewriting a French option label flags the English label until it is rewritten or confirmed', () => {
    const { actions, staleCells, doc } = open();
    actions.setLabel('menu', 'options.0.label', 'fr', 'Code PUK (carte bloquée)');
    expect(staleCells()).toEqual(['menu options.0.label en text']);
    expect(
      lintFlow(doc())
        .filter((i) => i.code === 'translation.stale')
        .map((w) => w.field),
    ).toEqual(['options.0.label.en']);
    actions.confirmTranslation('menu', 'options.0.label', 'en');
    expect(staleCells()).toEqual([]);
    actions.setLabel('menu', 'options.0.label', 'fr', 'Code PUK');
    expect(staleCells()).toEqual(['menu options.0.label en text']);
    actions.setLabel('menu', 'options.0.label', 'en', 'PUK code (SIM locked)');
    expect(staleCells()).toEqual([]);
  });
});
