import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, downloadedBytes, launchChromium, screenshotIfFailed, signIn } from './support/browser.ts';
import { choose } from './support/canvas.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { newFlowDocument } from '../src/flowList/newFlowDocument.ts';

const missing = chromiumMissing();
if (missing) console.warn(`[designer browser tests skipped] ${missing}`);

const NOTES = process.env.GRIOT_NOTES_DIR ?? '/work/notes';

/**
 * An admin's day without the command line: Awa puts "Ligne 1919" v1 in production, opens the
 * audit log from the account menu and reads it in French; then backs up from the Sauvegardes
 * screen, sees the backup is not encrypted, downloads it, and the download is in the log.
 */
describe.skipIf(missing !== null)('audit log and backups in the designer', () => {
  let server: GriotServer;
  let browser: Browser;
  let page: Page;
  let backupDir: string;

  beforeAll(async () => {
    backupDir = await mkdtemp(join(tmpdir(), 'griot-backups-'));
    server = await startGriot({ env: { GRIOT_BACKUP_CRON: '0 3 * * *', GRIOT_BACKUP_DIR: backupDir } });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true })).newPage();
    page.on('pageerror', (e) => console.error('[page error]', e.message));
    const document = newFlowDocument('ligne-1919', 'Ligne 1919', ['fr']);
    expect((await server.admin('POST', '/api/flows', { document })).status).toBe(201);
    expect((await server.admin('POST', '/api/flows/ligne-1919/publish', { message: 'v1' })).status).toBe(201);
    await signIn(page, server.url, await createUser(server, 'awa', ['admin']));
  });
  afterEach((context) => screenshotIfFailed(context, page));
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await rm(backupDir, { recursive: true, force: true });
  });

  const openAdmin = async (item: string) => {
    await page.getByRole('button', { name: 'Mon compte' }).click();
    await page.getByRole('menuitem', { name: item }).click();
    await page.locator('.admin-page').waitFor();
  };

  it('shows, in French, the production release Awa has just made, and filters by user and action', async () => {
    // Awa's own action, from her session in this browser.
    const promoted = await page.evaluate(async () => {
      const answer = await fetch('/api/flows/ligne-1919/environments/production', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ version: 1 }) });
      return answer.status;
    });
    expect(promoted).toBe(200);

    await page.getByRole('button', { name: 'Mon compte' }).click();
    await page.getByRole('menuitem', { name: 'Sauvegardes' }).waitFor();
    await page.screenshot({ path: `${NOTES}/a11-account-menu.png` });
    await page.keyboard.press('Escape');
    await openAdmin('Journal d’audit');
    const newest = page.locator('.audit-page tbody tr').first();
    await expect.poll(() => newest.locator('.audit-sentence').textContent()).toBe('awa a publié « Ligne 1919 » v1 en production');

    await page.getByLabel('Utilisateur').fill('awa');
    await choose(page, 'Type d’action', 'environment.promote');
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await expect.poll(() => page.locator('.audit-page tbody tr').count()).toBe(1);
    expect(await page.locator('.audit-page tbody tr[data-audit-action="environment.promote"]').count()).toBe(1);
    await page.screenshot({ path: `${NOTES}/a11-audit.png`, fullPage: true });

    // The CSV export carries the same filters.
    const href = await page.getByRole('link', { name: 'Exporter en CSV' }).getAttribute('href');
    expect(href).toContain('actor=awa');
    expect(href).toContain('format=csv');
  });

  it('backs up now, says the backup is not encrypted, downloads it, and the download is in the log', async () => {
    await page.getByRole('tab', { name: 'Sauvegardes' }).click();
    await page.locator('.backups-page').waitFor();
    await page.getByText('Aucune sauvegarde pour l’instant.').waitFor();
    expect(await page.locator('[data-restore-command]').textContent()).toBe('npx griot restore <file>');

    await page.getByRole('button', { name: 'Sauvegarder maintenant' }).click();
    const row = page.locator('.backups-page tr[data-backup-name]');
    await row.first().waitFor();
    expect(await row.count()).toBe(1);
    expect(await page.locator('[data-restore-command]').textContent()).toBe(`npx griot restore ${join(backupDir, (await row.getAttribute('data-backup-name'))!)}`);
    expect(await row.textContent()).toContain('Non chiffrée');
    expect(await row.textContent()).toContain('1 parcours');
    await page.locator('[data-backups-unencrypted]').waitFor();
    await page.screenshot({ path: `${NOTES}/a11-backups.png`, fullPage: true });

    const name = await row.getAttribute('data-backup-name');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: `Télécharger ${name}` }).click()]);
    expect(download.suggestedFilename()).toBe(name);
    const backup = JSON.parse((await downloadedBytes(download)).toString('utf8'));
    expect(backup.format).toBe('griot-backup');
    expect(backup.flows.map((f: { id: string }) => f.id)).toContain('ligne-1919');

    await page.getByRole('tab', { name: 'Journal d’audit' }).click();
    const newest = page.locator('.audit-page tbody tr').first();
    await expect.poll(() => newest.locator('.audit-sentence').textContent()).toBe(`awa a téléchargé la sauvegarde ${name}`);

    // The same log in English.
    await page.locator('header .mantine-SegmentedControl-label', { hasText: /^EN$/ }).click();
    await expect.poll(() => newest.locator('.audit-sentence').textContent()).toBe(`awa downloaded the backup ${name}`);
    await page.screenshot({ path: `${NOTES}/a11-audit-en.png`, fullPage: true });
  });
});
