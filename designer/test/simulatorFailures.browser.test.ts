import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, Request } from 'playwright-core';
import { chromiumMissing, launchChromium, signIn, screenshotIfFailed } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { choose } from './support/canvas.ts';

const missing = chromiumMissing();
const FLOW = 'selfcare-1919';

/**
 * The tester who only saw "service indisponible": the demo's subscriber look-up names its token
 * with the wrong scheme (`Basic {{secret.OPERATOR_API_TOKEN}}`, a draft that lints clean: a token
 * written out in it would be the lint error http.literalCredential, a badge no real draft shows),
 * the demo operator backend answers 401, and the simulator says so in French, with the body to
 * read. Then the channel is switched: a new session starts there.
 */
describe.skipIf(missing !== null)('simulator: failed look-ups explained, one session per channel', () => {
  let server: GriotServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    const draft = await server.admin<{ revision: number; document: { nodes: Array<Record<string, unknown>> } }>('GET', `/api/flows/${FLOW}/draft`);
    const lookup = draft.body.document.nodes.find((n) => n.id === 'lookupSubscriber')!;
    lookup.headers = { Authorization: 'Basic {{secret.OPERATOR_API_TOKEN}}' };
    const saved = await server.admin<{ lint: Array<{ severity: string; code: string }> }>('PUT', `/api/flows/${FLOW}/draft`, {
      revision: draft.body.revision,
      document: draft.body.document,
    });
    expect(saved.status).toBe(200);
    // A draft a user could have written: no error badge on the canvas, only the backend's refusal.
    expect(saved.body.lint.filter((i) => i.severity === 'error')).toEqual([]);
    // A publisher: the draft runs against the staging system only for them (an editor would get test data only).
    const tester = await createUser(server, 'tess', ['editor', 'publisher']);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    page.on('pageerror', (e) => console.error('[page error]', e.message));
    await signIn(page, server.url, tester);
  });

  afterEach((test) => screenshotIfFailed(test, page));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the 401 with its meaning in French, the time and output, and the body on demand', async () => {
    await page.goto(`${server.url}/flows/${FLOW}`);
    await page.locator('.react-flow__node[data-id="welcome"]').waitFor();
    await page.locator('[data-panel-button="simulator"]').click();
    await choose(page, 'Appels au SI', 'Système de préproduction');
    await page.locator('[data-action="start-simulator"]').click();
    await page.getByRole('button', { name: 'Touche 1' }).click(); // français
    await page.locator('.bubble.flow[data-node="mainMenu"]').waitFor();
    await page.getByRole('button', { name: 'Touche 1' }).click(); // code PUK

    const note = page.locator('.sim-lookup-failed[data-lookup-failed="lookupSubscriber"]');
    await note.waitFor();
    expect(await note.getAttribute('data-status')).toBe('401');
    expect(await note.textContent()).toContain('L’appel au SI « lookupSubscriber » a échoué');
    expect(await note.locator('[data-lookup-explanation]').textContent()).toBe(
      'HTTP 401 — Non autorisé : le SI refuse l’identification de Griot. Le jeton ou le secret est absent, faux ou expiré : demandez à l’exploitant de le vérifier.',
    );
    expect(await note.textContent()).toMatch(/Source : SI de préproduction · \d+ ms · sortie prise : Erreur/);
    // What the caller heard next is still there, after the explanation.
    await page.locator('.bubble.flow[data-node="serviceDown"]').waitFor();

    expect(await note.locator('.sim-lookup-body').count()).toBe(0);
    await note.getByRole('button', { name: 'Voir la réponse' }).click();
    const body = note.getByLabel('Réponse de lookupSubscriber (valeurs sensibles masquées)');
    expect(JSON.parse((await body.textContent()) ?? '')).toEqual({ error: { code: 'unauthenticated', message: 'send Authorization: Bearer <OPERATOR_API_TOKEN>' } });
    await note.getByRole('button', { name: 'Masquer la réponse' }).click();
    expect(await note.locator('.sim-lookup-body').count()).toBe(0);
  });

  it('switching to WhatsApp hangs up the call and starts a new session on WhatsApp', async () => {
    const starts: Request[] = [];
    const events: Request[] = [];
    page.on('request', (request) => {
      if (request.method() !== 'POST') return;
      if (request.url().endsWith('/api/preview/sessions')) starts.push(request);
      else if (request.url().includes('/api/preview/sessions/')) events.push(request);
    });
    expect(await page.locator('.phone-screen.voice').count()).toBe(1);

    await page.getByRole('radiogroup', { name: 'Canal simulé' }).locator('label', { hasText: 'WhatsApp' }).click();
    await page.locator('.wa-phone[data-channel="whatsapp"]').waitFor();
    await expect.poll(() => starts.length).toBe(1);
    expect(starts[0]!.postDataJSON()).toMatchObject({ flowId: FLOW, channel: 'whatsapp', useBackend: true });
    // The voice session was ended, not left open.
    expect(events.map((r) => r.postDataJSON())).toContainEqual({ event: { type: 'hangup' } });
    // A new conversation: the first message, no trace of the call's look-up.
    expect(await page.locator('.sim-lookup-failed').count()).toBe(0);
    expect(await page.locator('.phone-screen.voice').count()).toBe(0);
    await page.locator('.wa-bubble.in').first().waitFor();
    expect(await page.locator('.wa-bubble.out').count()).toBe(0);
    await page.getByText('Nouvelle session sur le canal WhatsApp : la précédente est terminée.').waitFor();

    // And the web chat: one more session, on that channel, with its own page.
    await page.getByRole('radiogroup', { name: 'Canal simulé' }).locator('label', { hasText: 'Chat web' }).click();
    await page.locator('.wa-phone[data-channel="webchat"]').waitFor();
    await expect.poll(() => starts.length).toBe(2);
    expect(starts[1]!.postDataJSON()).toMatchObject({ channel: 'webchat' });
  });
});
