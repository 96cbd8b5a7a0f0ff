import { launchChromium, signIn } from './browser.ts';
import { createUser, startGriot } from './griotServer.ts';
const server = await startGriot({ demo: true });
try {
  const user = await createUser(server, 'awa', ['editor', 'publisher', 'tester']);
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('pageerror', (e) => console.error('[page error]', e.message));
  page.on('console', (m) => { if (m.type() === 'error') console.error('[console]', m.text()); });
  await signIn(page, server.url, user);
  await page.goto(`${server.url}/flows/selfcare-1919`);
  await page.locator('.react-flow__node[data-id="mainMenu"]').waitFor();
  await page.waitForTimeout(800);
  console.log(await page.evaluate(() => document.querySelector('.react-flow__viewport')?.getAttribute('style')));
  await page.screenshot({ path: '/tmp/w15/open.png' });
  await page.locator('.react-flow__node[data-id="language"]').click();
  await page.locator('.react-flow__node[data-id="welcome"]').click({ modifiers: ['Shift'] });
  await page.locator('.react-flow__node[data-id="mainMenu"]').click({ modifiers: ['Shift'] });
  await page.locator('[data-action="group-selection"]').click();
  await page.locator('[data-action="add-note"]').click();
  await page.waitForTimeout(500);
  await page.locator('[data-note] textarea').fill('À relire avec le service client avant Ramadan.');
  await page.waitForTimeout(500);
  await page.screenshot({ path: '/tmp/w15/group.png' });
  await page.getByRole('button', { name: /Replier la section/ }).click();
  await page.waitForTimeout(600);
  await page.screenshot({ path: '/tmp/w15/folded.png' });
  await browser.close();
} finally { await server.stop(); }
