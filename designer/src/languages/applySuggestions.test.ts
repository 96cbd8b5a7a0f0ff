import { describe, expect, it, vi } from 'vitest';
import { Flow, lintFlow, sourceStamp, type FlowInput } from '@griot/flows';
import type { TranslationSuggestions } from '@griot/flows';
import { ApiError } from '../api/client.ts';
import { createDocumentStore } from '../store/documentStore.ts';
import { applySuggestions } from './applySuggestions.ts';
import { requestSuggestions, type SuggestDeps } from './requestSuggestions.ts';

/** French complete; English has the goodbye only. */
function careFlow(): Flow {
  const input: FlowInput = {
    schemaVersion: 2,
    id: 'care',
    name: 'Care',
    locales: [
      { code: 'fr', name: 'Français', tts: { vendor: 'google' } },
      { code: 'en', name: 'English', tts: { vendor: 'google' } },
    ],
    variables: [{ name: 'balance', type: 'number' }],
    nodes: [
      { id: 'start', type: 'start' },
      { id: 'readBalance', type: 'message', prompt: { fr: { text: 'Votre solde est de {{balance}} FCFA.' } } },
      {
        id: 'ask',
        type: 'intent',
        prompt: { fr: { text: 'Que souhaitez-vous ?' } },
        intents: [{ id: 'puk', label: { fr: 'Code PUK' }, examples: { fr: ['puce bloquée', 'code puk'] } }],
      },
      { id: 'bye', type: 'end', prompt: { fr: { text: 'Au revoir.' }, en: { text: 'Goodbye.' } } },
    ],
    edges: [
      { id: 'e1', source: 'start', output: 'next', target: 'readBalance' },
      { id: 'e2', source: 'readBalance', output: 'next', target: 'ask' },
      { id: 'e3', source: 'ask', output: 'puk', target: 'bye' },
      { id: 'e4', source: 'ask', output: 'noInput', target: 'bye' },
      { id: 'e5', source: 'ask', output: 'noMatch', target: 'bye' },
    ],
  };
  return Flow.parse(input);
}

/** What the server answers for that flow, into English. */
const suggestions: TranslationSuggestions = {
  flowId: 'care',
  revision: 4,
  sourceLocale: 'fr',
  targetLocale: 'en',
  suggestions: [
    { kind: 'prompt', nodeId: 'readBalance', field: 'prompt', source: 'Votre solde est de {{balance}} FCFA.', text: 'Your balance is {{balance}} FCFA.' },
    { kind: 'prompt', nodeId: 'ask', field: 'prompt', source: 'Que souhaitez-vous ?', text: 'What would you like?' },
    { kind: 'intentLabel', nodeId: 'ask', field: 'intents.0.label', intentId: 'puk', source: 'Code PUK', text: 'PUK code' },
    { kind: 'intentExamples', nodeId: 'ask', field: 'intents.0.examples', intentId: 'puk', source: ['puce bloquée', 'code puk'], examples: ['SIM blocked', 'puk code'] },
  ],
  withoutSource: [],
  rejected: [],
};

const errors = (doc: Flow) =>
  lintFlow(doc)
    .filter((i) => i.severity === 'error')
    .map((i) => `${i.code} ${i.node} ${i.field}`)
    .sort();
const node = (doc: Flow, id: string) => doc.nodes.find((n) => n.id === id) as any;

function openStore(doc = careFlow()) {
  const store = createDocumentStore(() => 0);
  store.getState().load('care', doc, 4);
  return { store, doc: () => store.getState().doc as Flow, actions: () => store.getState().actions };
}

describe('suggested translations in the draft', () => {
  it('fills what is missing, marked for review, so that publishing is refused until reviewed', () => {
    const before = careFlow();
    expect(errors(before)).toEqual(['prompt.missingLocale ask prompt.en', 'prompt.missingLocale readBalance prompt.en']);
    const { doc, applied, skipped } = applySuggestions(before, suggestions);
    expect({ applied, skipped }).toEqual({ applied: 4, skipped: 0 });
    // Stamped as translated from the French as it is now: a later rewrite of the French sends it back to review.
    expect(node(doc, 'readBalance').prompt.en).toEqual({ text: 'Your balance is {{balance}} FCFA.', needsReview: true, sourceStamp: sourceStamp('Votre solde est de {{balance}} FCFA.') });
    expect(node(doc, 'ask').intents[0]).toMatchObject({ label: { fr: 'Code PUK', en: 'PUK code' }, examples: { en: ['SIM blocked', 'puk code'] }, needsReview: ['en'] });
    expect(errors(doc)).toEqual(['intent.unreviewed ask intents.0.examples.en', 'prompt.unreviewed ask prompt.en', 'prompt.unreviewed readBalance prompt.en']);
    // The document it was given is left as it was.
    expect(node(before, 'readBalance').prompt.en).toBeUndefined();
  });

  it('keeps what the editor wrote meanwhile, and skips texts whose source changed or whose node is gone', () => {
    const edited = careFlow();
    node(edited, 'ask').prompt.en = { text: 'How can I help?' };
    node(edited, 'readBalance').prompt.fr = { text: 'Vous avez {{balance}} FCFA.' };
    node(edited, 'ask').intents[0].examples.en = ['my sim is locked'];
    const { doc, applied, skipped } = applySuggestions(edited, {
      ...suggestions,
      suggestions: [...suggestions.suggestions, { kind: 'prompt', nodeId: 'gone', field: 'prompt', source: 'x', text: 'y' }],
    });
    expect({ applied, skipped }).toEqual({ applied: 1, skipped: 4 });
    expect(node(doc, 'ask').prompt.en).toEqual({ text: 'How can I help?' });
    expect(node(doc, 'readBalance').prompt.en).toBeUndefined();
    expect(node(doc, 'ask').intents[0]).toMatchObject({ label: { en: 'PUK code' }, examples: { en: ['my sim is locked'] }, needsReview: ['en'] });
  });

  it('fills a version left with an empty text, and returns the same document when nothing applies', () => {
    const emptied = careFlow();
    node(emptied, 'bye').prompt.en = { text: '' };
    const bye = { kind: 'prompt' as const, nodeId: 'bye', field: 'prompt', source: 'Au revoir.', text: 'Bye.' };
    expect(node(applySuggestions(emptied, { ...suggestions, suggestions: [bye] }).doc, 'bye').prompt.en).toEqual({ text: 'Bye.', needsReview: true, sourceStamp: sourceStamp('Au revoir.') });
    const same = careFlow();
    expect(applySuggestions(same, { ...suggestions, suggestions: [] }).doc).toBe(same);
  });

  it('applies as one undoable step, and each "Mark reviewed" removes one mark until the flow can be published', () => {
    const { store, doc, actions } = openStore();
    expect(actions().applyTranslationSuggestions(suggestions)).toBe(4);
    expect(store.getState().past.map((p) => p.name)).toEqual(['suggestTranslations']);

    actions().markPromptReviewed('readBalance', 'prompt', 'en');
    expect(node(doc(), 'readBalance').prompt.en).toEqual({ text: 'Your balance is {{balance}} FCFA.', sourceStamp: sourceStamp('Votre solde est de {{balance}} FCFA.') });
    actions().markPromptReviewed('ask', 'prompt', 'en');
    expect(errors(doc())).toEqual(['intent.unreviewed ask intents.0.examples.en']);
    actions().markIntentReviewed('ask', 0, 'en');
    expect(node(doc(), 'ask').intents[0].needsReview).toEqual([]);
    expect(errors(doc())).toEqual([]);
    expect(store.getState().past.map((p) => p.name)).toEqual(['suggestTranslations', 'markReviewed', 'markReviewed', 'markReviewed']);

    // Marking again changes nothing; undoing everything brings the missing texts back.
    actions().markIntentReviewed('ask', 0, 'en');
    expect(store.getState().past).toHaveLength(4);
    for (let i = 0; i < 4; i += 1) store.getState().undo();
    expect(doc()).toEqual(careFlow());
  });

  it('drops the mark with the text when the editor clears a suggested prompt', () => {
    const { doc, actions } = openStore();
    actions().applyTranslationSuggestions(suggestions);
    actions().setPromptText('ask', 'prompt', 'en', '');
    expect(node(doc(), 'ask').prompt.en).toBeUndefined();
  });
});

describe('asking for suggestions', () => {
  function deps(overrides: Partial<SuggestDeps> = {}) {
    const { store } = openStore();
    const calls: string[] = [];
    const all: SuggestDeps = {
      store,
      save: vi.fn(async () => {
        calls.push('save');
        return { status: 'saved' as const, revision: 5 };
      }),
      suggest: vi.fn(async (flowId, request) => {
        calls.push(`suggest ${flowId} ${JSON.stringify(request)}`);
        return suggestions;
      }),
      ...overrides,
    };
    return { all, store, calls };
  }

  it('saves the draft first, then applies what the server suggests for the nodes asked', async () => {
    const { all, store, calls } = deps();
    const outcome = await requestSuggestions('en', ['ask'], all);
    expect(calls).toEqual(['save', 'suggest care {"targetLocale":"en","nodeIds":["ask"]}']);
    expect(outcome).toEqual({ status: 'applied', targetLocale: 'en', applied: 4, skipped: 0, rejected: 0, withoutSource: 0 });
    expect(node(store.getState().doc as Flow, 'ask').intents[0].needsReview).toEqual(['en']);
  });

  it('asks nothing when the draft cannot be saved', async () => {
    const { all, calls } = deps({ save: async () => ({ status: 'failed', message: 'offline', offline: true }) });
    expect(await requestSuggestions('en', undefined, all)).toEqual({ status: 'notSaved', save: { status: 'failed', message: 'offline', offline: true } });
    expect(calls).toEqual([]);
  });

  it("reports the server's error code and message, and leaves the draft as it was", async () => {
    const { all, store } = deps({
      suggest: async () => {
        throw new ApiError(503, { error: { code: 'llm_not_configured', message: 'no model is configured on the server' } });
      },
    });
    const before = store.getState().doc;
    expect(await requestSuggestions('en', undefined, all)).toEqual({ status: 'failed', code: 'llm_not_configured', message: 'no model is configured on the server' });
    expect(store.getState().doc).toBe(before);
    expect(store.getState().past).toEqual([]);
  });
});

describe('suggested wordings for a channel', () => {
  /** The goodbye has an SMS wording in French; English has the goodbye but not its SMS wording. */
  function withSmsWording(english?: Record<string, unknown>): Flow {
    const doc = careFlow();
    const bye = node(doc, 'bye');
    bye.prompt = { fr: { text: 'Au revoir.', variants: { sms: { text: 'Au revoir, à bientôt par SMS.' } } }, en: { text: 'Goodbye.', ...english } };
    return doc;
  }
  const smsSuggestion: TranslationSuggestions = {
    ...suggestions,
    suggestions: [{ kind: 'prompt', nodeId: 'bye', field: 'prompt', variant: 'sms', source: 'Au revoir, à bientôt par SMS.', text: 'Goodbye, see you by SMS.' }],
  };
  const warnings = (doc: Flow) =>
    lintFlow(doc)
      .filter((i) => i.code === 'prompt.missingVariant' && i.node === 'bye')
      .map((i) => i.field);

  it("puts it in the target's variant, marked for review apart from the locale's text, until an editor marks it reviewed", () => {
    const before = withSmsWording();
    expect(warnings(before)).toEqual(['prompt.en.variants.sms']);
    const { doc, applied } = applySuggestions(before, smsSuggestion);
    expect(applied).toBe(1);
    // Stamped with the French SMS wording it was translated from: « à revoir » once that changes.
    const made = sourceStamp(node(before, 'bye').prompt.fr.variants.sms.text);
    expect(node(doc, 'bye').prompt.en).toEqual({ text: 'Goodbye.', variants: { sms: { text: 'Goodbye, see you by SMS.', needsReview: true, sourceStamp: made } } });
    expect(warnings(doc)).toEqual([]);
    expect(errors(doc).filter((e) => e.includes('bye'))).toEqual(['prompt.unreviewed bye prompt.en.variants.sms']);

    const { store, doc: current, actions } = openStore(before);
    actions().applyTranslationSuggestions(smsSuggestion);
    // Editing the suggested wording does not count as reading it.
    actions().setPromptVariantText('bye', 'prompt', 'en', 'sms', 'Goodbye, talk soon by SMS.');
    expect(node(current(), 'bye').prompt.en.variants.sms).toEqual({ text: 'Goodbye, talk soon by SMS.', needsReview: true, sourceStamp: made });
    actions().markPromptReviewed('bye', 'prompt', 'en', 'sms');
    expect(node(current(), 'bye').prompt.en).toEqual({ text: 'Goodbye.', variants: { sms: { text: 'Goodbye, talk soon by SMS.', sourceStamp: made } } });
    expect(errors(current()).filter((e) => e.includes('bye'))).toEqual([]);
    expect(store.getState().doc).toBe(current());
  });

  it('leaves a wording the editor wrote meanwhile, or one whose source changed', () => {
    const written = applySuggestions(withSmsWording({ variants: { sms: { text: 'Bye (SMS).' } } }), smsSuggestion);
    expect({ applied: written.applied, skipped: written.skipped }).toEqual({ applied: 0, skipped: 1 });
    const changed = withSmsWording();
    node(changed, 'bye').prompt.fr.variants.sms.text = 'À bientôt.';
    expect(applySuggestions(changed, smsSuggestion).applied).toBe(0);
  });
});
