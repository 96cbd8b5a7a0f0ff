import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '../../runtime/src/config.ts';
import { startServer, type RunningServer } from '../../runtime/src/server.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../../runtime/src/intents/testing/fakeOpenAi.ts';
import { chromiumMissing, launchChromium, signIn } from './support/browser.ts';
import { selectNode } from './support/canvas.ts';
import { DESIGNER_DIST } from './support/griotServer.ts';

const missing = chromiumMissing();
const ADMIN_TOKEN = 'designer-test-admin-token-0123456789';
const FLOW_ID = 'comprendre';

/** French complete, with an SMS wording of the question; English has everything but the intent node's question (and its SMS wording), label and examples. */
const flow = {
  schemaVersion: 2,
  id: FLOW_ID,
  name: 'Comprendre',
  locales: [
    { code: 'fr', name: 'Français', tts: { vendor: 'google' } },
    { code: 'en', name: 'English', tts: { vendor: 'google' } },
  ],
  nodes: [
    { id: 'start', type: 'start', position: { x: 0, y: 0 } },
    {
      id: 'ask',
      type: 'intent',
      position: { x: 0, y: 150 },
      prompt: { fr: { text: 'Que souhaitez-vous ?', variants: { sms: { text: 'Répondez en quelques mots.' } } } },
      intents: [{ id: 'puk', label: { fr: 'Code PUK' }, examples: { fr: ['puce bloquée'] } }],
    },
    { id: 'bye', type: 'end', position: { x: 0, y: 300 }, prompt: { fr: { text: 'Au revoir.' }, en: { text: 'Goodbye.' } } },
  ],
  edges: [
    { id: 'e1', source: 'start', output: 'next', target: 'ask' },
    { id: 'e2', source: 'ask', output: 'puk', target: 'bye' },
    { id: 'e3', source: 'ask', output: 'noInput', target: 'bye' },
    { id: 'e4', source: 'ask', output: 'noMatch', target: 'bye' },
  ],
};

const ENGLISH: Record<string, string[]> = {
  'Que souhaitez-vous ?': ['What would you like?'],
  'Répondez en quelques mots.': ['Reply in a few words.'],
  'Code PUK': ['PUK code'],
  'puce bloquée': ['SIM blocked', 'my SIM is locked'],
};

/**
 * An editor asks the model for the English an intent node lacks, from its inspector: the
 * suggestions arrive marked "to review", the checks refuse them until each is marked reviewed,
 * and a failing model is reported, not swallowed.
 */
describe.skipIf(missing !== null)('suggested translations in Chromium', () => {
  let fake: FakeOpenAi;
  let server: RunningServer;
  let dataDir: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    fake = await startFakeOpenAi();
    dataDir = await mkdtemp(join(tmpdir(), 'griot-designer-'));
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      GRIOT_DEMO: '0',
      GRIOT_ADMIN_TOKEN: ADMIN_TOKEN,
      NODE_ENV: 'test',
      GRIOT_LLM_MODEL: 'fake-model',
      OPENAI_BASE_URL: fake.baseURL,
    });
    server = await startServer(config, { announce: () => {}, designerDir: DESIGNER_DIST });
    const admin = (path: string, body: unknown) =>
      fetch(server.url + path, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await admin('/api/users', { username: 'awa', displayName: 'Awa', password: 'pw-awa-0123456789', roles: ['editor'] })).status).toBe(201);
    expect((await admin('/api/flows', { document: flow })).status).toBe(201);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    page.on('pageerror', (e) => console.error('[page error]', e.message));
    await signIn(page, server.url, { username: 'awa', password: 'pw-awa-0123456789' }, `/flows/${FLOW_ID}`);
    await page.locator('.react-flow__node[data-id="ask"]').waitFor();
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail' && page) {
      const file = `${process.env.GRIOT_TEST_ARTIFACTS ?? '/tmp'}/designer-${context.task.name.replace(/\W+/g, '-')}.png`;
      await page.screenshot({ path: file }).catch(() => {});
      console.error(`[screenshot] ${file}`);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await fake?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const suggestEnglish = async () => {
    await page.locator('[data-suggest-translations]').click();
    await page.locator('[data-suggest-locale="en"]').click();
  };

  it('shows why when the model fails, and changes nothing', async () => {
    fake.behave({ status: 500 });
    await selectNode(page, 'ask');
    await suggestEnglish();
    await page.getByText('Le serveur du modèle a échoué').waitFor();
    expect(await page.locator('[data-review-mark]').count()).toBe(0);
  });

  it('puts the suggestions in the draft marked "to review"; the checks refuse them until reviewed', async () => {
    fake.behave((body) => ({
      answer: { translations: JSON.parse(body.messages.at(-1).content).items.map((i: { id: string; source: string[] }) => ({ id: i.id, texts: i.source.flatMap((s) => ENGLISH[s] ?? []) })) },
    }));
    await suggestEnglish();
    await page.getByText('4 traductions suggérées en English').waitFor();
    await expect.poll(() => page.locator('textarea[data-field="prompt.en"]').inputValue()).toBe('What would you like?');
    // The SMS wording too, in English's own SMS variant: without it English would send its spoken question by SMS.
    await expect.poll(() => page.locator('textarea[data-field="prompt.en.variants.sms"]').inputValue()).toBe('Reply in a few words.');
    // One mark for the English prompt, one for its SMS wording, one for the intent's English label and examples.
    await expect.poll(() => page.locator('[data-review-mark]').count()).toBe(3);

    await page.locator('[data-panel-button="checks"]').click();
    await page.locator('.issue-row[data-code="prompt.unreviewed"][data-node="ask"][data-field="prompt.en"]').waitFor();
    await page.locator('.issue-row[data-code="prompt.unreviewed"][data-node="ask"][data-field="prompt.en.variants.sms"]').waitFor();
    await page.locator('.issue-row[data-code="intent.unreviewed"][data-node="ask"]').waitFor();

    await selectNode(page, 'ask');
    await page.locator('[data-intent-examples="puk.en"]').getByRole('button', { name: 'Marquer relu' }).click();
    await expect.poll(() => page.locator('[data-review-mark]').count()).toBe(2);
    await page.locator('[data-variant-of="prompt.en.variants.sms"]').getByRole('button', { name: 'Marquer relu' }).click();
    await expect.poll(() => page.locator('[data-review-mark]').count()).toBe(1);
    await page.getByRole('button', { name: 'Marquer relu' }).click();
    await expect.poll(() => page.locator('[data-review-mark]').count()).toBe(0);
    await page.locator('[data-panel-button="checks"]').click();
    await page.getByText('Aucun problème').waitFor();
  });
});
