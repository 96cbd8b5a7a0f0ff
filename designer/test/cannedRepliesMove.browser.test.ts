import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium, screenshotIfFailed, signInAt } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';

const missing = chromiumMissing();
if (missing) console.warn(`[canned replies move browser test skipped] ${missing}`);

/**
 * A supervisor reorganising queues moves several canned replies at once, in French: she ticks the
 * two replies of support-fr, picks support-en in « Déplacer vers la file… » and moves them; then
 * offers one of them in support-fr too. Each is saved as an edit would save it.
 */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000, interval: 50 });

describe.skipIf(missing !== null)('a supervisor moves several canned replies to a queue at once, in Chromium', { timeout: 60_000 }, () => {
  let server: GriotServer;
  let browser: Browser;
  let supervisor: Page;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    server = await startGriot({ demo: true });
    const sena = await createUser(server, 'sena', ['supervisor']);
    for (const [title, queues] of [
      ['Facture', ['support-fr']],
      ['Forfait', ['support-fr']],
      ['Salutation', undefined],
    ] as const) {
      const created = await server.admin<{ id: string }>('POST', '/api/agent/canned-replies', { title, texts: { fr: `${title}…` }, ...(queues ? { queues } : {}) });
      ids[title] = created.body.id;
    }
    browser = await launchChromium();
    supervisor = await signInAt(browser, server.url, sena);
  }, 120_000);
  afterEach(async (context) => {
    await screenshotIfFailed(context, supervisor);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const queuesOf = async (title: string) => {
    const replies = await server.admin<Array<{ id: string; queues?: string[] }>>('GET', '/api/agent/canned-replies');
    return replies.body.find((r) => r.id === ids[title])?.queues ?? null;
  };

  /** Picks `queue` in « Déplacer vers la file… ». */
  async function pickTarget(queue: string) {
    const bulk = supervisor.getByTestId('canned-bulk');
    await bulk.getByRole('textbox', { name: /Déplacer vers la file/ }).click();
    await supervisor
      .getByRole('listbox', { name: /Déplacer vers la file/ })
      .getByRole('option', { name: queue, exact: true })
      .click();
    return bulk;
  }

  it('ticks two replies of support-fr and moves them to support-en', async () => {
    const panel = supervisor.locator('.canned-replies-admin');
    await supervisor.getByRole('heading', { name: 'Réponses types' }).waitFor();
    await poll(() => panel.locator('ul.canned-admin-list li').count()).toBe(3);
    expect(await supervisor.getByTestId('canned-bulk').count()).toBe(0);
    await panel.getByRole('checkbox', { name: 'Choisir · Facture' }).check();
    await panel.getByRole('checkbox', { name: 'Choisir · Forfait' }).check();
    const bulk = await pickTarget('support-en');
    expect(await bulk.innerText()).toContain('2 réponses types choisies');
    await bulk.getByRole('button', { name: 'Déplacer', exact: true }).click();
    await poll(() => panel.getByRole('status').innerText()).toBe('2 réponses types déplacées vers support-en.');
    expect(await queuesOf('Facture')).toEqual(['support-en']);
    expect(await queuesOf('Forfait')).toEqual(['support-en']);
    expect(await queuesOf('Salutation')).toBeNull();
    // The list says so, and nothing is ticked any more.
    await poll(() => panel.locator(`li[data-canned-id="${ids.Facture}"]`).innerText()).toContain('support-en');
    expect(await supervisor.getByTestId('canned-bulk').count()).toBe(0);
  });

  it('offers a reply in another queue too, and leaves a reply of every queue as it is', async () => {
    const panel = supervisor.locator('.canned-replies-admin');
    await panel.getByRole('checkbox', { name: 'Choisir · Facture' }).check();
    await panel.getByRole('checkbox', { name: 'Choisir · Salutation' }).check();
    const bulk = await pickTarget('support-fr');
    await bulk.getByRole('button', { name: 'Proposer aussi dans cette file' }).click();
    await poll(() => panel.getByRole('status').innerText()).toBe('2 réponses types proposées aussi dans support-fr.');
    expect(await queuesOf('Facture')).toEqual(['support-en', 'support-fr']);
    expect(await queuesOf('Salutation')).toBeNull();
  });
});
