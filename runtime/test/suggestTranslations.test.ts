import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAi, type FakeOpenAi, type FakeBehaviour } from '../src/intents/testing/fakeOpenAi.ts';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';

/**
 * "Suggest translations" on the real server, against a local OpenAI-compatible fake: only what
 * the draft lacks is sent and suggested, nothing is saved, and suggestions applied to the draft
 * cannot be published until an editor has reviewed them.
 */
const FLOW_ID = 'care';
const TIMEOUT_MS = 1000;

const p = (fr: string, en?: string) => ({ fr: { text: fr }, ...(en ? { en: { text: en } } : {}) });

const SMS_MENU = 'Répondez 1 (solde) ou 2 (autre).';

/** French complete, with an SMS wording of the menu; English has the welcome, the goodbye and the menu labels, nothing else. */
function careFlow() {
  return {
    schemaVersion: 2,
    id: FLOW_ID,
    name: 'Care',
    locales: [
      { code: 'fr', name: 'Français', tts: { vendor: 'google' } },
      { code: 'en', name: 'English', tts: { vendor: 'google' } },
    ],
    variables: [{ name: 'balance', type: 'number' }],
    nodes: [
      { id: 'start', type: 'start' },
      { id: 'welcome', type: 'message', prompt: p('Bienvenue au service client.', 'Welcome to customer care.') },
      {
        id: 'menu',
        type: 'menu',
        prompt: { fr: { text: 'Tapez 1 pour votre solde, 2 pour parler de votre besoin.', variants: { sms: { text: SMS_MENU } } } },
        noMatchPrompt: p('Choix invalide.'),
        options: [
          { id: 'balance', key: '1', label: { fr: 'Solde', en: 'Balance' } },
          { id: 'talk', key: '2', label: { fr: 'Autre', en: 'Other' } },
        ],
      },
      { id: 'readBalance', type: 'message', prompt: p('Votre solde est de <say-as interpret-as="cardinal">{{balance}}</say-as> FCFA.') },
      {
        id: 'ask',
        type: 'intent',
        prompt: p('Dites-moi en quelques mots ce que vous souhaitez.'),
        intents: [
          { id: 'puk', label: { fr: 'Code PUK' }, description: 'SIM blocked, needs the PUK code', examples: { fr: ['ma puce est bloquée', 'code puk'] } },
          { id: 'agent', label: { fr: 'Conseiller', en: 'Agent' }, examples: { fr: ['parler à un conseiller'], en: ['talk to an agent'] } },
        ],
      },
      { id: 'bye', type: 'end', prompt: p('Au revoir.', 'Goodbye.') },
    ],
    edges: [
      { id: 'e1', source: 'start', output: 'next', target: 'welcome' },
      { id: 'e2', source: 'welcome', output: 'next', target: 'menu' },
      { id: 'e3', source: 'menu', output: 'balance', target: 'readBalance' },
      { id: 'e4', source: 'menu', output: 'talk', target: 'ask' },
      { id: 'e5', source: 'menu', output: 'noInput', target: 'bye' },
      { id: 'e6', source: 'menu', output: 'noMatch', target: 'bye' },
      { id: 'e7', source: 'readBalance', output: 'next', target: 'bye' },
      { id: 'e8', source: 'ask', output: 'puk', target: 'bye' },
      { id: 'e9', source: 'ask', output: 'agent', target: 'bye' },
      { id: 'e10', source: 'ask', output: 'noInput', target: 'bye' },
      { id: 'e11', source: 'ask', output: 'noMatch', target: 'bye' },
    ],
  };
}

interface SentItem {
  id: string;
  kind: 'prompt' | 'label' | 'examples';
  source: string[];
  context: string;
}
const itemsOf = (body: Record<string, any>): SentItem[] => JSON.parse(body.messages.at(-1).content).items;

/** A model that "translates" by tagging each text, placeholders and tags untouched. */
const translator =
  (tweak: (item: SentItem) => string[] = (item) => item.source.map((s) => `[en] ${s}`)) =>
  (body: Record<string, any>): FakeBehaviour => ({ answer: { translations: itemsOf(body).map((item) => ({ id: item.id, texts: tweak(item) })) } });

/** What the designer does with suggestions: put them in the draft, marked for review. */
function applySuggestions(doc: any, result: any): any {
  const next = structuredClone(doc);
  for (const s of result.suggestions) {
    const node = next.nodes.find((n: any) => n.id === s.nodeId);
    if (s.kind === 'prompt' && s.variant) {
      const version = node[s.field][result.targetLocale];
      version.variants = { ...version.variants, [s.variant]: { text: s.text, needsReview: true } };
      continue;
    }
    if (s.kind === 'prompt') {
      node[s.field] = { ...node[s.field], [result.targetLocale]: { text: s.text, needsReview: true } };
      continue;
    }
    const intent = node.intents.find((i: any) => i.id === s.intentId);
    if (s.kind === 'intentLabel') intent.label[result.targetLocale] = s.text;
    else intent.examples[result.targetLocale] = s.examples;
    intent.needsReview = [...new Set([...(intent.needsReview ?? []), result.targetLocale])];
  }
  return next;
}

function markAllReviewed(doc: any): any {
  const next = structuredClone(doc);
  for (const node of next.nodes) {
    for (const value of Object.values(node)) {
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        for (const version of Object.values(value as Record<string, any>)) {
          if (!version || typeof version !== 'object') continue;
          delete version.needsReview;
          for (const variant of Object.values(version.variants ?? {}) as any[]) delete variant.needsReview;
        }
      }
    }
    for (const intent of node.intents ?? []) intent.needsReview = [];
  }
  return next;
}

describe('suggested translations over HTTP', () => {
  let fake: FakeOpenAi;
  let server: TestServer;
  let editor: ApiClient;
  const suggest = (body: unknown, client: ApiClient = editor) => client.post(`/api/flows/${FLOW_ID}/suggest-translations`, body);

  beforeAll(async () => {
    fake = await startFakeOpenAi();
    server = await startTestServer({ env: { GRIOT_LLM_MODEL: 'fake-model', OPENAI_BASE_URL: fake.baseURL, GRIOT_LLM_TRANSLATION_TIMEOUT_MS: String(TIMEOUT_MS) } });
    editor = await userWithRoles(server, 'editor', ['editor']);
    expect((await editor.post('/api/flows', { document: careFlow() })).status).toBe(201);
  });
  afterAll(async () => {
    await server.stop();
    await fake.close();
  });

  it('suggests the texts missing in English only, from French, and saves nothing', async () => {
    fake.behave(translator());
    const sentBefore = fake.requests.length;
    const before = await editor.get(`/api/flows/${FLOW_ID}/draft`);
    const answer = await suggest({ targetLocale: 'en' });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ flowId: FLOW_ID, revision: before.body.revision, sourceLocale: 'fr', targetLocale: 'en', withoutSource: [], rejected: [] });
    expect(answer.body.suggestions).toEqual([
      { kind: 'prompt', nodeId: 'menu', field: 'prompt', source: 'Tapez 1 pour votre solde, 2 pour parler de votre besoin.', text: '[en] Tapez 1 pour votre solde, 2 pour parler de votre besoin.' },
      // The SMS wording too: without it, English would send its own (keypad) text by SMS.
      { kind: 'prompt', nodeId: 'menu', field: 'prompt', variant: 'sms', source: SMS_MENU, text: `[en] ${SMS_MENU}` },
      { kind: 'prompt', nodeId: 'menu', field: 'noMatchPrompt', source: 'Choix invalide.', text: '[en] Choix invalide.' },
      {
        kind: 'prompt',
        nodeId: 'readBalance',
        field: 'prompt',
        source: 'Votre solde est de <say-as interpret-as="cardinal">{{balance}}</say-as> FCFA.',
        text: '[en] Votre solde est de <say-as interpret-as="cardinal">{{balance}}</say-as> FCFA.',
      },
      { kind: 'prompt', nodeId: 'ask', field: 'prompt', source: 'Dites-moi en quelques mots ce que vous souhaitez.', text: '[en] Dites-moi en quelques mots ce que vous souhaitez.' },
      { kind: 'intentLabel', nodeId: 'ask', field: 'intents.0.label', intentId: 'puk', source: 'Code PUK', text: '[en] Code PUK' },
      { kind: 'intentExamples', nodeId: 'ask', field: 'intents.0.examples', intentId: 'puk', source: ['ma puce est bloquée', 'code puk'], examples: ['[en] ma puce est bloquée', '[en] code puk'] },
    ]);

    // The model saw the missing texts only, with their kind, and the languages by name.
    expect(fake.requests.length).toBe(sentBefore + 1);
    const request = fake.requests.at(-1)!;
    expect(request.model).toBe('fake-model');
    expect(request.response_format.type).toBe('json_schema');
    expect(request.messages[0].content).toContain('Français ("fr") to English ("en")');
    const sent = itemsOf(request);
    expect(sent.map((i) => i.kind)).toEqual(['prompt', 'prompt', 'prompt', 'prompt', 'prompt', 'label', 'examples']);
    expect(sent[1]!.context).toContain('wording on SMS');
    const everything = JSON.stringify(sent);
    for (const present of ['Bienvenue', 'Au revoir', 'Solde', 'Conseiller', 'parler à un conseiller']) expect(everything).not.toContain(present);
    expect(sent.find((i) => i.kind === 'examples')!.context).toContain('SIM blocked');

    const after = await editor.get(`/api/flows/${FLOW_ID}/draft`);
    expect(after.body.revision).toBe(before.body.revision);
    expect(after.body.hash).toBe(before.body.hash);
  });

  it('limits itself to the nodes asked for, and asks nothing when nothing is missing', async () => {
    fake.behave(translator());
    const some = await suggest({ targetLocale: 'en', nodeIds: ['readBalance'] });
    expect(some.body.suggestions.map((s: any) => `${s.nodeId}.${s.field}`)).toEqual(['readBalance.prompt']);

    const sentBefore = fake.requests.length;
    const none = await suggest({ targetLocale: 'en', nodeIds: ['welcome', 'bye'] });
    expect(none.status).toBe(200);
    expect(none.body.suggestions).toEqual([]);
    expect(fake.requests.length).toBe(sentBefore);
  });

  it('sets aside an answer that loses a placeholder, keeping the others', async () => {
    fake.behave(translator((item) => (item.source[0]!.includes('{{balance}}') ? ['Your balance is FCFA.'] : item.source.map((s) => `[en] ${s}`))));
    const lost = await suggest({ targetLocale: 'en', nodeIds: ['readBalance', 'menu'] });
    expect(lost.body.rejected).toEqual([{ kind: 'prompt', nodeId: 'readBalance', field: 'prompt', reason: 'placeholders' }]);
    expect(lost.body.suggestions.map((s: any) => `${s.nodeId}.${s.field}${s.variant ? `.${s.variant}` : ''}`)).toEqual(['menu.prompt', 'menu.prompt.sms', 'menu.noMatchPrompt']);
  });

  it('refuses to publish the suggestions applied to the draft until an editor marks them reviewed', async () => {
    fake.behave(translator());
    const answer = await suggest({ targetLocale: 'en' });
    const draft = await editor.get(`/api/flows/${FLOW_ID}/draft`);
    const suggested = applySuggestions(draft.body.document, answer.body);
    const saved = await editor.put(`/api/flows/${FLOW_ID}/draft`, { revision: draft.body.revision, document: suggested });
    expect(saved.status).toBe(200);
    expect(saved.body.lint.filter((i: any) => i.code === 'prompt.missingLocale')).toEqual([]);

    const refused = await editor.post(`/api/flows/${FLOW_ID}/publish`, { message: 'English' });
    expect(refused.status).toBe(422);
    const errors = refused.body.issues.filter((i: any) => i.severity === 'error');
    expect(errors.map((i: any) => `${i.code} ${i.node} ${i.field}`).sort()).toEqual([
      'intent.unreviewed ask intents.0.examples.en',
      'prompt.unreviewed ask prompt.en',
      'prompt.unreviewed menu noMatchPrompt.en',
      'prompt.unreviewed menu prompt.en',
      'prompt.unreviewed menu prompt.en.variants.sms',
      'prompt.unreviewed readBalance prompt.en',
    ]);

    // Suggesting again finds nothing more to translate: the suggestions are in the draft.
    const again = await suggest({ targetLocale: 'en' });
    expect(again.body.suggestions).toEqual([]);

    const reviewed = await editor.put(`/api/flows/${FLOW_ID}/draft`, { revision: saved.body.revision, document: markAllReviewed(suggested) });
    expect(reviewed.body.lint.filter((i: any) => i.severity === 'error')).toEqual([]);
    const published = await editor.post(`/api/flows/${FLOW_ID}/publish`, { message: 'English, reviewed' });
    expect(published.status).toBe(201);
  });

  describe('when the model fails', () => {
    const flowWithGaps = { ...careFlow(), id: 'gaps' };
    beforeAll(async () => {
      expect((await editor.post('/api/flows', { document: flowWithGaps })).status).toBe(201);
    });
    const ask = () => editor.post('/api/flows/gaps/suggest-translations', { targetLocale: 'en' });

    it('answers 502 llm_timeout when the model is slower than the timeout, without waiting for it', async () => {
      fake.behave({ answer: { translations: [] }, delayMs: TIMEOUT_MS * 5 });
      const began = performance.now();
      const answer = await ask();
      expect(performance.now() - began).toBeLessThan(TIMEOUT_MS * 3);
      expect(answer.status).toBe(502);
      expect(answer.body.error).toMatchObject({ code: 'llm_timeout', flowId: 'gaps' });
    });

    it('answers 502 llm_malformed_answer for text that is not JSON, JSON of another shape, or a refusal', async () => {
      for (const behaviour of [{ content: 'Sure! Here are your translations: …' }, { answer: { translated: ['Hello'] } }, { refusal: 'no' }] satisfies FakeBehaviour[]) {
        fake.behave(behaviour);
        const answer = await ask();
        expect(answer.status, JSON.stringify(behaviour)).toBe(502);
        expect(answer.body.error.code).toBe('llm_malformed_answer');
      }
    });

    it("answers 502 llm_failed when the model's server fails", async () => {
      fake.behave({ status: 500 });
      const answer = await ask();
      expect(answer.status).toBe(502);
      expect(answer.body.error).toMatchObject({ code: 'llm_failed' });
      expect(answer.body.error.message).toContain('500');
    });

    it('saves nothing when it fails', async () => {
      expect((await editor.get('/api/flows/gaps/draft')).body.revision).toBe(1);
    });
  });

  it('is for editors, checks the locales and nodes, and is in the OpenAPI document', async () => {
    const viewer = await userWithRoles(server, 'viewer', ['viewer']);
    expect((await suggest({ targetLocale: 'en' }, viewer)).status).toBe(403);
    expect((await suggest({ targetLocale: 'de' })).body.error).toMatchObject({ code: 'unknown_locale', field: 'targetLocale' });
    expect((await suggest({ targetLocale: 'fr' })).body.error).toMatchObject({ code: 'same_locale' });
    expect((await suggest({ targetLocale: 'en', nodeIds: ['nowhere'] })).body.error).toMatchObject({ code: 'unknown_node', field: 'nodeIds' });
    expect((await suggest({ target: 'en' })).status).toBe(400);
    expect((await editor.post('/api/flows/missing/suggest-translations', { targetLocale: 'en' })).status).toBe(404);
    const doc = await server.anonymous.get('/api/openapi.json');
    expect(doc.body.paths['/api/flows/{id}/suggest-translations'].post).toMatchObject({ operationId: 'suggestTranslations', 'x-roles': ['editor'] });
  });
});

describe('suggested translations without a model', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await server.admin.post('/api/flows', { document: careFlow() });
  });
  afterAll(() => server.stop());

  it('answers 503 llm_not_configured, saying what to configure', async () => {
    const answer = await server.admin.post(`/api/flows/${FLOW_ID}/suggest-translations`, { targetLocale: 'en' });
    expect(answer.status).toBe(503);
    expect(answer.body.error).toMatchObject({ code: 'llm_not_configured', flowId: FLOW_ID });
    // Waiting will not help: only the operator's setting does.
    expect(answer.headers.get('retry-after')).toBeNull();
    expect(answer.body.error.message).toContain('GRIOT_LLM_MODEL');
  });
});
