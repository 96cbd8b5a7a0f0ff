import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SimulatedCall, httpLink } from '@griot/connectors/voice/testing';
import { chromiumMissing, launchChromium, screenshotIfFailed, signInAt } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';

const missing = chromiumMissing();
if (missing) console.warn(`[designer browser tests skipped] ${missing}`);

const FLOW = 'selfcare-1919';
const OWN_NUMBER = '+2290166000077';
/** As the versions panel shows it: grouped, as every screen shows a number (daily32). */
const OWN_NUMBER_READ = '+229 01 66 00 00 77';
/** The part of a flow document these tests read and change: the menus' options. */
type Menus = { nodes: Array<{ id: string; options?: Array<{ id: string; label: Record<string, string> }> }> };
const SECRET = 'versions-everyday-jambonz-secret';

/**
 * Daily review 18, an editor maintaining the 1919 flow and a tester with a real phone:
 * - an old version could be compared but not taken back: the versions panel offers no way to
 *   make the draft what v1 was (only to name it or put it in staging);
 * - the panel's « Raccordements » said which version the lines run in production, never what a
 *   test number hears (staging, the version pinned for it, production while an own number waits
 *   for an admin);
 * - a tester who called the line from her phone could not see that call anywhere (transcripts
 *   were for supervisors and admins): now the panel lists the calls of the flow's test numbers,
 *   hers among them, turn by turn, with the version that answered.
 */
describe.skipIf(missing !== null)('the versions panel in everyday use', () => {
  let server: GriotServer;
  let browser: Browser;
  const pages: Page[] = [];
  let current: Page | undefined;

  const voiceBinding = async () => {
    const bindings = (await server.admin<Array<{ id: string; channel: string }>>('GET', '/api/bindings')).body;
    return bindings.find((b) => b.channel === 'voice')!.id;
  };

  /** Publishes the draft with option 2 of the main menu reworded, as another editor did. */
  const publishRewording = async (label: string) => {
    const draft = (await server.admin<{ revision: number; document: Menus }>('GET', `/api/flows/${FLOW}/draft`)).body;
    const document = structuredClone(draft.document);
    const option = document.nodes.find((n) => n.id === 'mainMenu')!.options!.find((o) => o.id === 'balance')!;
    option.label = { ...option.label, fr: label };
    expect((await server.admin('PUT', `/api/flows/${FLOW}/draft`, { revision: draft.revision, document })).status).toBe(200);
    const published = await server.admin<{ number: number }>('POST', `/api/flows/${FLOW}/publish`, { message: `Libellé ${label}` });
    expect(published.status).toBe(201);
    return published.body.number;
  };

  /** A tester lists her own phone on the voice line from the bindings page; an admin confirms it. */
  const addOwnNumber = async (page: Page, typed: string, number: string) => {
    await page.goto(`${server.url}/`);
    await page.getByRole('button', { name: 'Mon compte' }).click();
    await page.getByRole('menuitem', { name: 'Raccordements' }).click();
    await page.getByRole('textbox', { name: 'Raccordement' }).click();
    await page.getByRole('option', { name: 'Voix 1919' }).click();
    await page.getByLabel('Mon numéro').fill(typed);
    await page.getByRole('button', { name: 'Ajouter mon numéro' }).click();
    await page.getByText(number).first().waitFor();
  };

  beforeAll(async () => {
    server = await startGriot({ demo: true, env: { JAMBONZ_WEBHOOK_SECRET: SECRET } });
    browser = await launchChromium();
  });

  afterEach((test) => screenshotIfFailed(test, current));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lets an editor take an old version back into the draft, as one step she can undo', async () => {
    const awa = await createUser(server, 'awa', ['editor']);
    const v2 = await publishRewording('Solde et forfaits');
    const page = await signInAt(browser, server.url, awa, { viewport: { width: 1440, height: 900 }, at: `/flows/${FLOW}` });
    pages.push(page);
    current = page;
    const menu = page.locator('.react-flow__node[data-id="mainMenu"]');
    await expect.poll(() => menu.innerText()).toContain('Solde et forfaits');
    await page.locator('[data-panel-button="versions"]').click();
    await page.locator(`[data-version="${v2}"]`).waitFor();

    await page.getByRole('button', { name: 'Actions pour la version 1' }).click();
    await page.getByRole('menuitem', { name: 'Reprendre dans le brouillon' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reprendre la v1 dans le brouillon ?' });
    await expect.poll(() => dialog.innerText()).toContain('Rien n’est publié');
    await dialog.getByRole('button', { name: 'Reprendre la v1' }).click();

    // The canvas and the saved draft are v1 again; nothing was published.
    await expect.poll(() => menu.innerText()).not.toContain('Solde et forfaits');
    expect(await menu.innerText()).toContain('2 · Solde');
    const balanceLabel = async () => {
      const draft = (await server.admin<{ document: Menus }>('GET', `/api/flows/${FLOW}/draft`)).body;
      return draft.document.nodes.find((n) => n.id === 'mainMenu')!.options!.find((o) => o.id === 'balance')!.label.fr;
    };
    await expect.poll(balanceLabel).toBe('Solde');
    const versions = (await server.admin<unknown[]>('GET', `/api/flows/${FLOW}/versions`)).body;
    expect(versions).toHaveLength(v2);

    // One undo gives back what the draft held.
    await page.getByRole('button', { name: 'Annuler', exact: true }).click();
    await expect.poll(() => menu.innerText()).toContain('Solde et forfaits');
    await expect.poll(balanceLabel).toBe('Solde et forfaits');
  });

  it('tells a tester which version her phone hears on each line, pending, confirmed, then pinned', async () => {
    const tess = await createUser(server, 'tess', ['tester']);
    const binding = await voiceBinding();
    const page = await signInAt(browser, server.url, tess, { viewport: { width: 1440, height: 900 } });
    pages.push(page);
    current = page;

    // She adds her own phone on the bindings page: pending, it reaches production like a subscriber's.
    await page.getByRole('button', { name: 'Mon compte' }).click();
    await page.getByRole('menuitem', { name: 'Raccordements' }).click();
    await page.getByRole('textbox', { name: 'Raccordement' }).click();
    await page.getByRole('option', { name: 'Voix 1919' }).click();
    await page.getByLabel('Mon numéro').fill('+229 01 66 00 00 77');
    await page.getByRole('button', { name: 'Ajouter mon numéro' }).click();
    await page.getByText('en attente de confirmation').first().waitFor();

    const environments = (await server.admin<{ staging: { version: number }; production: { version: number } }>('GET', `/api/flows/${FLOW}/environments`)).body;
    const staging = environments.staging.version;
    const production = environments.production.version;
    const ownLine = page.locator(`[data-test-number="${OWN_NUMBER}"]`);
    const demoLine = page.locator('[data-test-number="+2290197000090"]');
    const openVersions = async () => {
      await page.goto(`${server.url}/flows/${FLOW}`);
      await page.locator('.react-flow__node[data-id="mainMenu"]').waitFor();
      await page.locator('[data-panel-button="versions"]').click();
      await demoLine.waitFor();
    };
    await openVersions();
    expect(await ownLine.innerText()).toBe(
      `Appel depuis ${OWN_NUMBER_READ} → Production · v${production} (votre numéro ; en attente de confirmation : joint l’environnement de la ligne, comme un abonné)`,
    );
    expect(await demoLine.innerText()).toBe(`Appel depuis +229 01 97 00 00 90 → Préproduction · v${staging}`);

    // Confirmed by an admin, and a new version put in staging: her phone hears that one.
    expect((await server.admin('POST', `/api/bindings/${binding}/own-test-numbers/${encodeURIComponent(OWN_NUMBER)}/confirm`)).status).toBe(200);
    const next = await publishRewording('Mon solde');
    expect((await server.admin('POST', `/api/flows/${FLOW}/environments/staging`, { version: next })).status).toBe(200);
    await openVersions();
    await expect.poll(() => ownLine.innerText()).toBe(`Appel depuis ${OWN_NUMBER_READ} → Préproduction · v${next} (votre numéro)`);
    expect(await demoLine.innerText()).toBe(`Appel depuis +229 01 97 00 00 90 → Préproduction · v${next}`);

    // An admin pins the demo test number to version 1: the panel says so.
    const all = (
      await server.admin<Array<{ id: string; channel: string; address: string; flowId: string; environment: string; settings?: unknown; testers: Array<Record<string, unknown>> }>>(
        'GET',
        '/api/bindings',
      )
    ).body;
    const { channel, address, flowId, environment, settings, testers } = all.find((b) => b.id === binding)!;
    const pinned = await server.admin('PUT', `/api/bindings/${binding}`, {
      channel,
      address,
      flowId,
      environment,
      settings,
      // The testers an admin lists (own numbers are their owners' to add and remove).
      testers: testers.filter((t) => t.addedBy === undefined).map((t) => (t.number === '+2290197000090' ? { ...t, version: 1 } : t)),
    });
    expect(pinned.status, JSON.stringify(pinned.body)).toBe(200);
    await openVersions();
    await expect.poll(() => demoLine.innerText()).toBe('Appel depuis +229 01 97 00 00 90 → Préproduction · v1 (version choisie pour ce numéro)');
  });

  it('shows a tester the call she made from her phone, turn by turn, with the version that answered, and not a colleague’s phone', async () => {
    const mine = '+2290166000099';
    const colleague = '+2290166000098';
    const binding = await voiceBinding();
    const awaTester = await createUser(server, 'ama', ['tester']);
    const kofi = await createUser(server, 'kofi', ['tester']);
    const kofiPage = await signInAt(browser, server.url, kofi, { viewport: { width: 1440, height: 900 } });
    pages.push(kofiPage);
    await addOwnNumber(kofiPage, '+229 01 66 00 00 98', colleague);
    const page = await signInAt(browser, server.url, awaTester, { viewport: { width: 1440, height: 900 } });
    pages.push(page);
    current = page;
    await addOwnNumber(page, '+229 01 66 00 00 99', mine);
    for (const number of [mine, colleague]) {
      expect((await server.admin('POST', `/api/bindings/${binding}/own-test-numbers/${encodeURIComponent(number)}/confirm`)).status).toBe(200);
    }
    const staging = (await server.admin<{ staging: { version: number } }>('GET', `/api/flows/${FLOW}/environments`)).body.staging.version;

    await page.goto(`${server.url}/flows/${FLOW}`);
    await page.locator('.react-flow__node[data-id="mainMenu"]').waitFor();
    await page.locator('[data-panel-button="versions"]').click();
    const list = page.getByTestId('test-calls');
    await expect.poll(() => list.innerText()).toContain('Aucun appel récent');

    // She calls from her phone (her colleague and a subscriber call too), the panel still open.
    let sid = 0;
    const call = async (from: string, keys: string[]) => {
      const c = await new SimulatedCall(httpLink(server.url, { secret: SECRET }), { callSid: `CA-everyday-${++sid}`, from, to: '1919' }).start();
      for (const key of keys) await c.press(key);
      await c.hangup();
      return c;
    };
    const heard = await call(mine, ['1', '2']);
    expect(heard.heard.join(' ')).toContain("n'est pas reconnu");
    await call(colleague, ['1']);
    await call('+2290197000003', []);

    const entry = page.locator(`[data-test-call="${mine}"]`);
    await entry.waitFor();
    expect(await entry.locator('[data-test-call-version]').innerText()).toBe(`v${staging}`);
    await entry.locator('summary').click();
    await expect.poll(() => entry.innerText()).toContain('Touche 2');
    expect(await entry.innerText()).toContain("n'est pas reconnu comme une ligne Griot Telecom");
    // Her colleague's own phone and a subscriber's calls are not hers to read.
    expect(await page.locator(`[data-test-call="${colleague}"]`).count()).toBe(0);
    expect(await page.locator('[data-test-call="+2290197000003"]').count()).toBe(0);
  });

  it('reads the test calls again only once the last answer is in, and not while the tab is hidden (fix18b)', async () => {
    const tom = await createUser(server, 'tom', ['tester']);
    const page = await signInAt(browser, server.url, tom, { viewport: { width: 1440, height: 900 } });
    pages.push(page);
    current = page;
    // The panel's reads of the list, the first one answered only when the test says so.
    let asked = 0;
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(
      (url) => url.pathname.endsWith('/test-calls'),
      async (route) => {
        asked += 1;
        if (asked === 1) await held;
        await route.continue();
      },
    );
    const answered = () => page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/test-calls'));
    // The page's timers run only when the test moves its clock.
    await page.clock.install();
    await page.goto(`${server.url}/flows/${FLOW}`);
    await page.locator('.react-flow__node[data-id="mainMenu"]').waitFor();
    await page.locator('[data-panel-button="versions"]').click();
    await expect.poll(() => asked).toBe(1);
    await page.clock.pauseAt(new Date(Date.now() + 60_000));
    // Whatever happened in the page since is in before this answer.
    const settled = async () => expect((await page.evaluate(() => fetch('/healthz').then((r) => r.status))) < 500).toBe(true);

    // A slow server is not asked again while its answer is on the way, however long it takes.
    await page.clock.runFor(30_000);
    await settled();
    expect(asked).toBe(1);
    const first = answered();
    release();
    await first;
    const second = answered();
    await page.clock.runFor(5_000);
    await expect.poll(() => asked).toBe(2);
    await second;

    // A hidden tab reads nothing; shown again, it reads at once.
    await page.evaluate(() => {
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await page.clock.runFor(60_000);
    await settled();
    expect(asked).toBe(2);
    await page.evaluate(() => {
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => false });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await expect.poll(() => asked).toBe(3);
  });
});
