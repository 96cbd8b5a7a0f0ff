/**
 * Screenshots of the agent inbox and the supervisor's board in docs/screenshots/, in French,
 * against the real server with the 1919 demo and a WhatsApp conversation (a fake Graph API takes
 * the replies): `npx tsx designer/test/support/inboxScreenshots.ts` (after building the designer;
 * screenshots.ts runs it too).
 */
import { fileURLToPath } from 'node:url';
import { postWebhook, startFakeGraphServer, whatsappWebhooks as wa } from '@griot/connectors/messaging/testing';
import { DEMO_WHATSAPP_PHONE_NUMBER_ID } from '../../../runtime/src/demo/demoDefaults.ts';
import { chromiumMissing, launchChromium } from './browser.ts';
import { createUser, startGriot, type GriotServer } from './griotServer.ts';
import { seedWaitingContact } from './waitingContact.ts';

const OUT = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));
const APP_SECRET = 'screenshots-whatsapp-secret';
const sender = { phoneNumberId: DEMO_WHATSAPP_PHONE_NUMBER_ID, waId: '2290197000011', name: 'Afiavi' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const missing = chromiumMissing();
if (missing) {
  console.log(missing);
  process.exit(0);
}

let calls = 0;
function voiceHandoff(server: GriotServer, number: string, priority: number, queue: string, reason: string): Promise<unknown> {
  const variables = { segment: priority < 999 ? 'vip' : 'standard' };
  const path = ['start', 'language', 'welcome', 'mainMenu', 'agentSegment', 'handoff'];
  return seedWaitingContact(server, { caller: number, channel: 'voice', key: `voice:CA-shot-${++calls}`, queue, priority, reason, path, variables, turns: 4 });
}

const graph = await startFakeGraphServer({ accessToken: 'screenshots-graph-token' });
const server = await startGriot({
  demo: true,
  env: { WHATSAPP_APP_SECRET: APP_SECRET, WHATSAPP_VERIFY_TOKEN: 'v', WHATSAPP_ACCESS_TOKEN: 'screenshots-graph-token', WHATSAPP_GRAPH_BASE_URL: graph.url, WHATSAPP_GRAPH_VERSION: 'v21.0' },
});
try {
  const awa = await createUser(server, 'awa', ['agent']);
  const sena = await createUser(server, 'sena', ['supervisor']);
  await server.running.store.putCaller({
    number: '+2290197000011',
    contacts: [
      { at: '2026-10-05T09:30:00.000Z', channel: 'voice', reason: 'Code PUK', outcome: 'resolved', agent: 'kofi' },
      { at: '2026-11-12T16:10:00.000Z', channel: 'whatsapp', reason: 'Solde Mobile Money', outcome: 'callback_promised', agent: 'awa' },
    ],
    variables: {},
    createdAt: '2026-10-05T09:00:00.000Z',
    updatedAt: '2026-11-12T16:10:00.000Z',
  });
  await voiceHandoff(server, '+2290197000021', 1, 'support-fr', 'Conseiller (client Privilège)');
  await voiceHandoff(server, '+2290197000022', 999, 'support-fr', 'Code PUK');
  await voiceHandoff(server, '+2290197000023', 999, 'support-en', 'Balance');
  await voiceHandoff(server, '+2290197000024', 999, 'support-fr', 'Forfait internet');
  const [callback] = (await server.running.store.listHandoffContacts({ statuses: ['waiting'] })).filter((c) => c.callerNumber === '+2290197000024');
  await server.admin('POST', `/api/agent/contacts/${callback!.id}/callback`);

  const send = (body: unknown) => postWebhook(server.url, body, APP_SECRET);
  await send(wa.textMessage('Bonjour', sender));
  await sleep(300);
  await send(wa.buttonReply('fr', 'Français', sender));
  await sleep(300);
  await send(wa.textMessage('Je veux un conseiller', sender));
  await sleep(300);
  await send(wa.textMessage('Mon forfait internet ne marche plus depuis ce matin', sender));

  const browser = await launchChromium();
  const signIn = async (user: { username: string; password: string }) => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 960 }, deviceScaleFactor: 1, locale: 'fr-FR' });
    await page.goto(`${server.url}/`);
    await page.locator('input[name="username"]').fill(user.username);
    await page.locator('input[name="password"]').fill(user.password);
    await page.locator('button[type="submit"]').click();
    await page.locator('main').first().waitFor();
    return page;
  };

  const agent = await signIn(awa);
  await agent.locator('#inbox-queues button.contact[data-caller="+2290197000011"]').click();
  await agent.getByRole('button', { name: 'Prendre', exact: true }).click();
  await agent.getByLabel('Réponse').waitFor();
  await agent.getByLabel('Réponse').fill('Bonjour Afiavi, je regarde votre forfait tout de suite.');
  await agent.getByLabel('Réponse').press('Enter');
  await sleep(500);
  await send(wa.textMessage('Merci beaucoup, j’attends', sender));
  await sleep(800);
  await agent.getByLabel('Résultat').selectOption('resolved');
  await agent.mouse.move(0, 0);
  await agent.screenshot({ path: `${OUT}inbox.png` });

  const supervisor = await signIn(sena);
  await supervisor.getByRole('heading', { name: 'Réglages des files' }).waitFor();
  await sleep(1500);
  await supervisor.locator('.queue-settings [data-queue="support-fr"] button').first().click();
  await supervisor.getByRole('form', { name: 'support-fr' }).getByLabel('Toujours ouverte').uncheck();
  await sleep(500);
  await supervisor.screenshot({ path: `${OUT}supervision.png`, fullPage: true });
  await browser.close();
} finally {
  await server.stop();
  await graph.close();
}
