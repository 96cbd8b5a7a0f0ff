import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, signIn, screenshotIfFailed } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { fakeMicrophoneArgs, microphoneWav, recordUntil } from './support/fakeMicrophone.ts';

const missing = chromiumMissing();

const FLOW = 'selfcare-1919';
/** The file the editor chose on their computer. */
const CHOSEN = 'accueil-fon-studio.wav';

/**
 * The notices after an upload or a take name what the editor did: the file they chose (« accueil-fon-studio.wav »), the
 * language of the take, never the name Griot generated to store it (« fon/welcome-2.wav »), which they never typed
 * (daily31). The Fon welcome is played by version 1 of the 1919 demo: the upload is kept apart, under a new name.
 */
describe.skipIf(missing !== null)('upload and recording notices, in French', () => {
  let server: GriotServer;
  let browser: Browser;
  let page: Page;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'griot-upload-'));
    const microphone = join(dir, 'microphone.wav');
    await writeFile(microphone, microphoneWav(440));
    // Already as the telephone plays it (8 kHz mono): uploaded as it is, not converted.
    await writeFile(join(dir, CHOSEN), microphoneWav(330, 1, 8000));
    server = await startGriot({ demo: true });
    const awa = await createUser(server, 'awa', ['editor']);
    browser = await launchChromium(fakeMicrophoneArgs(microphone));
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await signIn(page, server.url, awa);
  });

  afterEach((test) => screenshotIfFailed(test, page));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('an upload over a published recording names the chosen file, a take says what became of it; neither names the stored file', async () => {
    await page.goto(`${server.url}/flows/${FLOW}`);
    await page.locator('.react-flow__node[data-id="welcome"]').waitFor();
    await page.locator('label', { hasText: 'Traductions' }).click();
    const control = page.locator('[data-audio-control="welcome|prompt|fon"]');
    const chooser = page.waitForEvent('filechooser');
    await control.getByRole('button', { name: /^Remplacer l'enregistrement/ }).click();
    await (await chooser).setFiles(join(dir, CHOSEN));
    const uploaded = page.locator('.mantine-Notification-root', { hasText: 'gardé à part' });
    await uploaded.waitFor();
    const said = await uploaded.innerText();
    expect(said).toContain(`« ${CHOSEN} »`);
    expect(said).not.toMatch(/fon\/|welcome/);
    await uploaded.getByRole('button').click();
    await uploaded.waitFor({ state: 'detached' });
    // The table and the play button name the recording by the chosen file too, not by « fon/welcome-2.wav » (daily32).
    const shown = page.locator('td', { has: control }).locator('[data-audio-name]');
    await expect.poll(() => shown.innerText()).toBe(`♪ ${CHOSEN}`);
    expect(await shown.getAttribute('title')).toBe(CHOSEN);
    expect(await control.getByRole('button', { name: /^Écouter/ }).getAttribute('aria-label')).toContain(`· ${CHOSEN}`);

    await control.locator('[data-action="open-recorder"]').click();
    const recorder = page.getByRole('dialog', { name: /^Enregistrer « Bienvenue »/ });
    await recorder.locator('[data-action="record-start"], [data-action="record-retake"]').click();
    await recorder.locator('[data-recorder="recording"]').waitFor();
    await recordUntil(recorder, 1);
    await recorder.locator('[data-action="record-stop"]').click();
    await recorder.locator('[data-recorder="ready"]').waitFor();
    // Read as it comes (it closes by itself after a few seconds).
    const notices = page.locator('.mantine-Notification-root');
    const takeNotice = notices
      .last()
      .waitFor()
      .then(() => notices.last().innerText());
    await recorder.locator('[data-action="record-save"]').click();
    const takeSaid = await takeNotice;
    // Its name is generated from the welcome's, which version 1 plays: kept apart too.
    expect(takeSaid).toContain('cette prise est gardée à part');
    expect(takeSaid).not.toMatch(/fon\/|\.wav/);
  });
});
