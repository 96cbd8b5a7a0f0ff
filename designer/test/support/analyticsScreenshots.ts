/**
 * Screenshots of the flow analytics (the canvas overlay and the dashboard) and of the supervisor's
 * wallboard in docs/screenshots/, in French, against the real server with the 1919 demo:
 * `npx tsx designer/test/support/analyticsScreenshots.ts` (after building the designer;
 * screenshots.ts runs it too). The handful of real calls of the browser test (placed through the
 * jambonz webhooks) come with a generated week of 1919 traffic (facts written into the store as
 * the engine writes them: support/generatedTraffic.ts), version 2 published mid-week, so that the
 * charts have a week to show; one caller is waiting for an agent on the wallboard.
 */
import { fileURLToPath } from 'node:url';
import { chromiumMissing, launchChromium } from './browser.ts';
import { createUser, startGriot } from './griotServer.ts';
import { JAMBONZ_SECRET, caller, placeAnalyticsCalls } from './analyticsCalls.ts';
import { generatedTraffic, type ContactPath } from './generatedTraffic.ts';

const OUT = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));
const FLOW = 'selfcare-1919';
const DAY = 86_400_000;

const missing = chromiumMissing();
if (missing) {
  console.log(missing);
  process.exit(0);
}

const opening: ContactPath['steps'] = [
  ['start', 'next'],
  ['language', 'next'],
  ['welcome', 'next'],
];
const lookup = (service: string): ContactPath['steps'] => [
  [`setService${service}`, 'next'],
  ['checkSubscriber', 'else'],
  ['lookupSubscriber', 'ok'],
  ['setFound', 'next'],
];
const survey = (score: number | null): ContactPath['steps'] => [['satisfaction', score === null ? 'noInput' : 'answered'], ['goodbye']];
/** Ways through the 1919 flow, with how often callers take them (a later version gives up less at the menu). */
function path1919(random: () => number, version: number): ContactPath {
  const r = random() * 100;
  const score = 1 + Math.floor(random() * 5) + (random() < 0.4 ? 1 : 0);
  const answered = random() < 0.7 ? Math.min(5, score) : null;
  const csat = answered === null ? {} : { csat: { node: 'satisfaction', score: answered } };
  const menuLoss = version === 1 ? 14 : 7;
  const lookupOk = { node: 'lookupSubscriber', backend: 'operator', outcome: 'response', ms: 40 + Math.floor(random() * 160) };
  if (r < 32)
    return {
      outcome: 'contained',
      lookup: lookupOk,
      ...csat,
      steps: [...opening, ['mainMenu', 'balance'], ...lookup('Balance'), ['routeService', 'balance'], ['balanceReadout', 'next'], ['afterServiceMenu', 'end'], ...survey(answered)],
    };
  if (r < 50)
    return {
      outcome: 'contained',
      lookup: lookupOk,
      ...csat,
      steps: [...opening, ['mainMenu', 'puk'], ...lookup('Puk'), ['routeService', 'puk'], ['pukAvailable', 'yes'], ['pukReadout', 'next'], ['pukMenu', 'end'], ...survey(answered)],
    };
  if (r < 50 + menuLoss) return { outcome: 'abandoned', noMatch: random() < 0.5 ? ['mainMenu'] : [], steps: [...opening, ['mainMenu']] };
  if (r < 75) {
    const agent = random() < 0.5 ? 'awa' : 'kofi';
    return {
      outcome: 'transferred',
      lookup: lookupOk,
      ...(answered === null ? {} : { csat: { node: 'satisfaction', score: answered, agent } }),
      steps: [
        ...opening,
        ['mainMenu', 'agent'],
        ...lookup('Agent'),
        ['routeService', 'else'],
        ['agentChannel', 'else'],
        ['agentSegment', 'else'],
        ['agentIntro', 'next'],
        ['handoff', 'done'],
        ...survey(answered),
      ],
    };
  }
  if (r < 82)
    return {
      outcome: 'abandoned',
      lookup: lookupOk,
      steps: [...opening, ['mainMenu', 'agent'], ...lookup('Agent'), ['routeService', 'else'], ['agentChannel', 'else'], ['agentSegment', 'else'], ['agentIntro', 'next'], ['handoff']],
    };
  if (r < 88) return { outcome: 'abandoned', noMatch: ['mainMenu'], steps: [...opening, ['mainMenu', 'noInput'], ['endNoInput']] };
  if (r < 92)
    return {
      outcome: 'abandoned',
      lookup: lookupOk,
      steps: [...opening, ['mainMenu', 'balance'], ...lookup('Balance'), ['routeService', 'balance'], ['balanceReadout', 'next'], ['afterServiceMenu', 'end'], ['satisfaction']],
    };
  return {
    outcome: 'contained',
    lookup: lookupOk,
    ...csat,
    steps: [...opening, ['mainMenu', 'momo'], ...lookup('Momo'), ['routeService', 'momo'], ['momoBalanceReadout', 'next'], ['momoMenu', 'end'], ...survey(answered)],
  };
}

const server = await startGriot({ demo: true, env: { JAMBONZ_WEBHOOK_SECRET: JAMBONZ_SECRET } });
try {
  const awa = await createUser(server, 'awa', ['agent']);
  const user = await createUser(server, 'mariam', ['editor', 'publisher', 'tester']);
  const sena = await createUser(server, 'sena', ['supervisor']);

  // Version 2: a new welcome, published three days ago for the generated traffic.
  const draft = await server.admin<{ document: { nodes: Array<{ id: string; prompt?: Record<string, { text: string }> }> }; revision: number }>('GET', `/api/flows/${FLOW}/draft`);
  const welcome = draft.body.document.nodes.find((n) => n.id === 'welcome');
  if (welcome?.prompt?.fr) welcome.prompt.fr.text = 'Bienvenue sur le 1919. Nouveau : le solde Mobile Money en un appel.';
  const saved = await server.admin('PUT', `/api/flows/${FLOW}/draft`, { revision: draft.body.revision, document: draft.body.document });
  if (saved.status !== 200) throw new Error(`draft: ${saved.status} ${JSON.stringify(saved.body)}`);
  const published = await server.admin('POST', `/api/flows/${FLOW}/publish`, { message: 'Accueil raccourci' });
  if (published.status !== 201) throw new Error(`publish: ${published.status} ${JSON.stringify(published.body)}`);

  const now = Date.now();
  const switchAt = now - 3 * DAY;
  const version = (at: number) => (at < switchAt ? 1 : 2);
  const week = generatedTraffic({ flowId: FLOW, contacts: 1400, from: now - 7 * DAY, to: now - 2 * 3_600_000, path: path1919, version, surveyNode: 'satisfaction', returnShare: 0.12 });
  await server.running.store.recordFacts(week);
  while ((await server.running.store.rollUpFacts(20_000)) > 0);
  await placeAnalyticsCalls(server, awa);

  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1600, height: 960 }, deviceScaleFactor: 1, locale: 'fr-FR' });
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  await page.getByLabel("Nom d'utilisateur").fill(user.username);
  await page.getByLabel('Mot de passe').fill(user.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.locator('.flow-list-page').waitFor();
  await page.goto(`${server.url}/flows/${FLOW}`);
  await page.locator('.react-flow__node[data-id="mainMenu"]').waitFor();
  await page.getByRole('button', { name: 'Disposition automatique' }).click();
  await page.waitForTimeout(600);
  await page.locator('label', { hasText: 'Fréquentation' }).click();
  await page.locator('[data-node-traffic="mainMenu"]').waitFor({ state: 'attached' });
  await page.evaluate(() => {
    const griot = (window as unknown as { __griot: { canvasStore: { getState(): { focusNode(id: string): void } } } }).__griot;
    griot.canvasStore.getState().focusNode('mainMenu');
  });
  await page.waitForTimeout(700);
  await page.locator('.react-flow__controls-zoomout').click();
  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 400 } });
  await page.mouse.move(800, 950);
  await page.waitForTimeout(600);
  await page.screenshot({ path: `${OUT}analytics-overlay.png` });

  await page.locator('label', { hasText: 'Statistiques' }).click();
  await page.locator('[data-kpi="contacts"]').waitFor();
  await page.setViewportSize({ width: 1600, height: 1780 });
  await page.waitForTimeout(1200);
  await page.mouse.move(0, 0);
  await page.screenshot({ path: `${OUT}analytics-dashboard.png` });

  // The wallboard, with a caller waiting for an agent in French and one in English.
  const waiting = await caller(server).dial('+2290197000088');
  await waiting.press('4');
  const english = await caller(server).dial('+2290197000089', '2');
  await english.press('4');
  const board = await browser.newPage({ viewport: { width: 1600, height: 960 }, deviceScaleFactor: 1, locale: 'fr-FR' });
  await board.goto(`${server.url}/`);
  await board.getByLabel("Nom d'utilisateur").fill(sena.username);
  await board.getByLabel('Mot de passe').fill(sena.password);
  await board.getByRole('button', { name: 'Se connecter' }).click();
  await board.locator('[data-wallboard-queue="support-fr"] [data-kpi="offered"]').waitFor();
  await board.waitForTimeout(2500);
  await board.screenshot({ path: `${OUT}wallboard.png` });
  await waiting.hangup();
  await english.hangup();
  await browser.close();
} finally {
  await server.stop();
}
