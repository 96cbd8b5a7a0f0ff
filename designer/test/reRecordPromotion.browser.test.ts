import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, signIn, screenshotIfFailed } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { fakeMicrophoneArgs, microphoneWav, recordUntil } from './support/fakeMicrophone.ts';

const missing = chromiumMissing();
if (missing) console.warn(`[designer browser tests skipped] ${missing}`);

const FLOW = 'selfcare-1919';
const FON_CASE = 'Appelant en fon (messages enregistrés, clavier seulement) : solde Mobile Money et les trois dernières opérations';
interface Draft {
  revision: number;
  document: { nodes: Array<{ id: string; prompt?: Record<string, { audio?: string }> }>; tests: Array<{ name: string; steps: Array<{ expect?: Record<string, unknown> }> }> } & Record<string, unknown>;
}

/**
 * The review's path on the 1919 demo, in French: the editor re-records the Fon welcome (the new
 * take gets a new file name, the old one being frozen by version 1), publishes, and the publisher
 * takes it to staging then production, which the flow's tests no longer refuse: they expect the
 * welcome's Fon recording, not a file. A version whose test does fail is refused with the failing
 * test readable in French, kept on screen, and a way to it; rolling back needs an earlier version.
 */
describe.skipIf(missing !== null)('re-recording a prompt, then taking the flow to production', () => {
  let server: GriotServer;
  let browser: Browser;
  let page: Page;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'griot-mic-'));
    const microphone = join(dir, 'microphone.wav');
    await writeFile(microphone, microphoneWav(440));
    server = await startGriot({ demo: true });
    const awa = await createUser(server, 'awa', ['editor', 'publisher']);
    browser = await launchChromium(fakeMicrophoneArgs(microphone));
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    page.on('pageerror', (e) => console.error('[page error]', e.message));
    await signIn(page, server.url, awa);
  });

  afterEach((test) => screenshotIfFailed(test, page));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const versionsPanel = async () => {
    await page.locator('[data-panel-button="versions"]').click();
    await page.locator('[data-env-version="production"]').waitFor();
  };
  /** Opens the promotion's confirmation; for production, returns what the version's tests said there. */
  const promote = async (version: number, item: 'Mettre en préproduction' | 'Mettre en production') => {
    await page.getByRole('button', { name: `Actions pour la version ${version}` }).click();
    await page.getByRole('menuitem', { name: item }).click();
    let check: string | null = null;
    if (item === 'Mettre en production') {
      const outcome = page.locator('.production-tests-passed, .production-tests-failing');
      await outcome.waitFor();
      check = await outcome.textContent();
    }
    await page.locator('[data-action="confirm-promote"]').click();
    return check;
  };

  it('promotes a version with a re-recorded Fon welcome to production; roll-back waits for an earlier version', async () => {
    await page.goto(`${server.url}/flows/${FLOW}`);
    await page.locator('.react-flow__node[data-id="welcome"]').waitFor();

    // Production has only ever run version 1: nothing to roll back to, and the button says why.
    await versionsPanel();
    const rollback = page.locator('[data-action="rollback"]');
    expect(await rollback.isDisabled()).toBe(true);
    await rollback.hover({ force: true });
    await page.getByText('La production n’a exécuté que la version 1 : pas de version précédente où revenir.').waitFor();

    await page.locator('label', { hasText: 'Traductions' }).click();
    await page.locator('[data-audio-control="welcome|prompt|fon"] [data-action="open-recorder"]').click();
    const recorder = page.getByRole('dialog', { name: /^Enregistrer « Bienvenue »/ });
    await recorder.waitFor();
    await recorder.locator('[data-action="record-start"], [data-action="record-retake"]').click();
    await recorder.locator('[data-recorder="recording"]').waitFor();
    await recordUntil(recorder, 1);
    await recorder.locator('[data-action="record-stop"]').click();
    await recorder.locator('[data-recorder="ready"]').waitFor();
    await recorder.locator('[data-action="record-save"]').click();
    await recorder.waitFor({ state: 'hidden' });
    await page.locator('[data-save-state="saved"]').waitFor();
    const take = async () => (await server.admin<Draft>('GET', `/api/flows/${FLOW}/draft`)).body.document.nodes.find((n) => n.id === 'welcome')?.prompt?.fon?.audio;
    await expect.poll(take).not.toBe('fon/welcome.wav');
    expect(await take()).toMatch(/\.wav$/);

    // Publishing: nothing blocks, and no test fails on this draft.
    await page.locator('label', { hasText: 'Canevas' }).click();
    await page.locator('[data-action="publish"]').click();
    const publish = page.getByRole('dialog', { name: 'Publier une version' });
    await publish.getByRole('textbox', { name: 'Qu’est-ce qui change ?' }).fill('Accueil fon réenregistré');
    expect(await publish.locator('.publish-refused, .publish-tests-failing').count()).toBe(0);
    await publish.getByRole('button', { name: 'Publier' }).click();
    await publish.waitFor({ state: 'hidden' });

    await versionsPanel();
    await promote(2, 'Mettre en préproduction');
    await expect.poll(() => page.locator('[data-env-version="staging"]').textContent()).toBe('v2');
    const total = (await server.admin<Draft>('GET', `/api/flows/${FLOW}/draft`)).body.document.tests.length;
    expect(await promote(2, 'Mettre en production')).toBe(`Les ${total} tests de la version réussissent.`);
    await page.getByText('Version 2 en Production.').waitFor();
    await expect.poll(() => page.locator('[data-env-version="production"]').textContent()).toBe('v2');
    expect(await page.locator('.promotion-refused').count()).toBe(0);
    // Now production ran version 1 before: it can go back.
    await expect.poll(() => rollback.isDisabled()).toBe(false);
  });

  it('refuses a version whose test fails with the test, step, expected and heard in French, kept until dismissed, and leads to it', async () => {
    // A test case that names the old file: the re-take breaks it.
    const current = (await server.admin<Draft>('GET', `/api/flows/${FLOW}/draft`)).body;
    const doc = structuredClone(current.document);
    const fon = doc.tests.find((c) => c.name === FON_CASE);
    if (!fon?.steps[0]?.expect) throw new Error('no Fon case');
    fon.steps[0].expect = { ...fon.steps[0].expect, promptContains: '[audio: fon/welcome.wav]' };
    expect((await server.admin('PUT', `/api/flows/${FLOW}/draft`, { revision: current.revision, document: doc })).status).toBe(200);
    // The page's clock runs as usual, and can be moved on below instead of waiting for it.
    await page.clock.install();
    await page.reload();
    await page.locator('.react-flow__node[data-id="welcome"]').waitFor();

    // The publish dialog says so first, as a warning: staging may still try the version.
    await page.locator('[data-action="publish"]').click();
    const publish = page.getByRole('dialog', { name: 'Publier une version' });
    const warned = publish.locator('.publish-tests-failing');
    await warned.waitFor();
    expect(await warned.getByText('1 test échoue sur ce brouillon', { exact: true }).count()).toBe(1);
    expect(await warned.locator(`.failing-test[data-test="${FON_CASE}"] .failing-step`).first().textContent()).toMatch(
      /^Étape 1 — message attendu contenant « \[audio: fon\/welcome\.wav\] » ; entendu : « \[audio: .+\.wav\]/,
    );
    await publish.getByRole('textbox', { name: 'Qu’est-ce qui change ?' }).fill('Test du fichier d’accueil');
    await publish.getByRole('button', { name: 'Publier' }).click();
    await publish.waitFor({ state: 'hidden' });

    await versionsPanel();
    // The confirmation already says production will refuse it, and why.
    const check = await promote(3, 'Mettre en production');
    expect(check).toContain(`La production refusera cette version : 1 test sur ${doc.tests.length} échoue`);
    expect(check).toContain(FON_CASE);
    const refused = page.locator('.promotion-refused');
    await refused.waitFor();
    const total = doc.tests.length;
    expect(await refused.getByText(`1 cas de test sur ${total} échouent sur la version 3 : la production n’a pas changé.`).count()).toBe(1);
    const failing = refused.locator('.failing-test');
    expect(await failing.count()).toBe(1);
    expect(await failing.locator('.failing-test-name').textContent()).toBe(FON_CASE);
    const stepText = await failing.locator('.failing-step').first().textContent();
    expect(stepText).toMatch(/^Étape 1 — message attendu contenant « \[audio: fon\/welcome\.wav\] » ; entendu : « \[audio: .+\.wav\]/);
    expect(stepText).toContain('[audio: fon/menu-main.wav]');
    expect(stepText).not.toMatch(/expected|got/);
    expect(await page.locator('[data-env-version="production"]').textContent()).toBe('v2');
    // Still there after the ten seconds a toast would last (the page's clock moved on, not the test's).
    await page.clock.fastForward(10_500);
    expect(await refused.isVisible()).toBe(true);

    await failing.locator('[data-action="open-test"]').click();
    const item = page.locator(`.mantine-Accordion-item[data-test="${FON_CASE}"]`);
    await item.waitFor();
    await expect.poll(() => item.getAttribute('data-active')).toBe('true');
  });
});
