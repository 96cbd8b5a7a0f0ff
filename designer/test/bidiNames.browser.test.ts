import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { contentHash, parseFlow, type FlowInput } from '@griot/flows';
import { chromiumMissing, launchChromium, screenshotIfFailed, signInAt } from './support/browser.ts';
import { createUser, startGriot, type GriotServer } from './support/griotServer.ts';
import { seedWaitingContact } from './support/waitingContact.ts';
import { newFlowDocument } from '../src/flowList/newFlowDocument.ts';

const missing = chromiumMissing();

/** « \u202Efdp.exe » shows as « exe.pdf »: a name stored before Griot refused it (or imported from an older release). */
const TROJAN = 'Facturation \u202Efdp.exe';

/** A name whose own U+2069 would close the isolate around it (a `<bdi>`'s, an FSI's), the U+202E after it then turning what follows. */
const ESCAPING = 'Fuite \u2069\u202Efdp.exe';

/**
 * Where each of `pieces` (found in this order in the element's text, the last one searched from the
 * end) is drawn: its left and right edges, and the right edge of the whole text, as the reader sees them.
 */
async function drawn(target: Locator, pieces: string[]): Promise<{ pieces: Array<{ left: number; right: number; top: number }>; right: number }> {
  return target.evaluate((element, wanted) => {
    const nodes: Text[] = [];
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
    const text = nodes.map((n) => n.data).join('');
    const at = (index: number): [Text, number] => {
      let offset = index;
      for (const node of nodes) {
        if (offset <= node.data.length) return [node, offset];
        offset -= node.data.length;
      }
      throw new Error(`no character ${index} in ${text}`);
    };
    const box = (start: number, end: number) => {
      const range = document.createRange();
      range.setStart(...at(start));
      range.setEnd(...at(end));
      const rects = [...range.getClientRects()].filter((r) => r.width > 0);
      return { left: Math.min(...rects.map((r) => r.left)), right: Math.max(...rects.map((r) => r.right)), top: Math.min(...rects.map((r) => r.top)) };
    };
    let from = 0;
    const found = wanted.map((piece, i) => {
      const index = i === wanted.length - 1 ? text.lastIndexOf(piece) : text.indexOf(piece, from);
      if (index < 0) throw new Error(`« ${piece} » is not in « ${text} »`);
      from = index + piece.length;
      return box(index, index + piece.length);
    });
    return { pieces: found, right: box(0, text.length).right };
  }, pieces);
}

/** Whether the pieces are drawn in reading order: line after line, left to right on a line. */
function inReadingOrder(pieces: Array<{ left: number; top: number }>): boolean {
  return pieces.every((p, i) => i === 0 || p.top > pieces[i - 1]!.top + 2 || (Math.abs(p.top - pieces[i - 1]!.top) <= 2 && p.left > pieces[i - 1]!.left));
}

/**
 * A flow, a user, a queue named before Griot refused direction controls (or imported, or given by a
 * channel) keep their names; shown next to French words, a name must not turn those words around:
 * « Dupliquer « X » ? » read with its closing » at the end, « Awa (vous) » with « (vous) » after the
 * name. Measured where Chromium draws each piece.
 */
describe.skipIf(missing !== null)('names holding a direction control, shown beside French text', () => {
  let server: GriotServer;
  let browser: Browser;
  let page: Page;

  /** A flow `id` named `name` (with `nodes` more) as stored before the check: no route takes such a name any more. */
  async function storedAs(id: string, name: string, nodes: FlowInput['nodes'] = []): Promise<void> {
    expect((await server.admin('POST', '/api/flows', { document: newFlowDocument(id, 'Facturation', ['fr']) })).status).toBe(201);
    const base = newFlowDocument(id, name, ['fr']);
    const parsed = parseFlow({ ...base, nodes: [...base.nodes, ...nodes] });
    if (!parsed.ok) throw new Error('the fixture is not a flow');
    const draft = await server.running.store.getDraft(id);
    expect((await server.running.store.saveDraft(id, draft!.revision, parsed.flow, contentHash(parsed.flow), 'awa')).ok).toBe(true);
  }

  /** The flow list's « Actions pour … » menu of flow `id`, and its item `item`. */
  async function flowAction(id: string, item: string): Promise<void> {
    await page.goto(`${server.url}/`);
    const row = page.locator(`tr[data-flow-id="${id}"]`);
    await row.getByRole('link').waitFor();
    await row.getByRole('button', { name: /^Actions pour/ }).click();
    await page.getByRole('menuitem', { name: item }).click();
  }

  /** « Dupliquer « X » », X beginning with `start`: in reading order, its closing » at the end (the name's override does not carry on past it). */
  async function expectDuplicateTitleInOrder(start: string): Promise<void> {
    const title = page.locator('.mantine-Modal-title', { hasText: 'Dupliquer' });
    const shown = await drawn(title, ['Dupliquer', '«', start, '»']);
    expect(inReadingOrder(shown.pieces), JSON.stringify(shown)).toBe(true);
    expect(shown.pieces[3]!.right).toBeCloseTo(shown.right, 0);
  }

  /** A contact waiting in `recouvrement` with `reason`, taken (« Prendre le suivant »): « · avec vous » after its reason. */
  async function expectReasonInOrder(caller: string, reason: string): Promise<void> {
    await seedWaitingContact(server, { caller, queue: 'recouvrement', reason });
    await page.goto(`${server.url}/agent`);
    const section = page.locator('section.queue[data-queue="recouvrement"]');
    await section.locator(`[data-caller="${caller}"]`).waitFor();
    await section.getByRole('button', { name: /^Prendre/ }).click();
    // Taken, the contact is among « Mes contacts ».
    const shownReason = page.locator(`[data-caller="${caller}"] .reason`).first();
    await shownReason.getByText('vous').waitFor();
    const shown = await drawn(shownReason, ['Litige', '·', 'avec', 'vous']);
    expect(inReadingOrder(shown.pieces), JSON.stringify(shown)).toBe(true);
  }

  beforeAll(async () => {
    server = await startGriot();
    const awa = await createUser(server, 'awa', ['admin', 'editor', 'supervisor', 'agent']);
    await storedAs('billing', TROJAN);
    const user = (await server.running.store.listUsers()).find((u) => u.username === 'awa')!;
    await server.running.store.patchUser(user.id, { displayName: TROJAN });
    await server.running.store.putQueueSettings({
      queue: 'recouvrement',
      displayName: TROJAN,
      callbackAfterSeconds: 120,
      timezone: 'Africa/Porto-Novo',
      weeklyHours: {},
      holidays: [],
      updatedAt: new Date().toISOString(),
      updatedBy: 'awa',
    });
    browser = await launchChromium();
    page = await signInAt(browser, server.url, awa, { viewport: { width: 1366, height: 768 } });
  });

  afterEach((test) => screenshotIfFailed(test, page));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('« Dupliquer « X » » keeps its words in order, and offers the copy the name without the control', async () => {
    await flowAction('billing', 'Dupliquer');
    await expectDuplicateTitleInOrder('Facturation');

    // The copy's name is new: the server refuses the control there, so it is offered without it (and without isolates).
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.getByRole('textbox', { name: 'Nom de la copie' }).inputValue()).toBe('Facturation fdp.exe (copie)');
    await dialog.getByRole('button', { name: 'Dupliquer' }).click();
    await page.locator('tr[data-flow-id="billing-copy"]').waitFor();
    const copy = await server.admin<{ flow: { name: string } }>('GET', '/api/flows/billing-copy');
    expect(copy.body.flow.name).toBe('Facturation fdp.exe (copie)');
  });

  it('« (vous) » stays after a user’s display name on the users page', async () => {
    await page.goto(`${server.url}/admin/users`);
    const name = page.locator('tr[data-username="awa"] td').first().locator('p').first();
    await name.getByText('vous').waitFor();
    // « (vous) » may go to the next line in a narrow column: after the name, in its order, either way.
    const shown = await drawn(name, ['Facturation', '(', 'vous', ')']);
    expect(inReadingOrder(shown.pieces), JSON.stringify(shown)).toBe(true);
  });

  it('a queue’s display name leaves its name in brackets and its summary after it (supervision)', async () => {
    await page.goto(`${server.url}/agent/supervision`);
    const control = page.locator('[data-queue="recouvrement"] button.mantine-Accordion-control');
    await control.waitFor();
    const shown = await drawn(control, ['Facturation', '(', 'recouvrement', ')', '·']);
    expect(inReadingOrder(shown.pieces), JSON.stringify(shown)).toBe(true);
  });

  it('an inbox row: the reason a flow gave (a caller’s words in it) leaves « · avec vous » after it', async () => {
    await expectReasonInOrder('+22901970000099', `Litige ${TROJAN}`);
  });

  it('a name holding its own U+2069 stays inside its isolate in a sentence: « Dupliquer « X » » ends with its »', async () => {
    await storedAs('fuite', ESCAPING);
    // A translated sentence (U+2068…U+2069 around the name).
    await flowAction('fuite', 'Dupliquer');
    await expectDuplicateTitleInOrder('Fuite');
    await page.keyboard.press('Escape');
  });

  it('a reason holding its own U+2069 stays inside its <bdi>: the caller’s words leave « · avec vous » after them', async () => {
    // The contact of the case before is taken: « Prendre le suivant » takes this one.
    await expectReasonInOrder('+22901970000098', `Litige ${ESCAPING}`);
  });

  it('« Archiver »: the name copied from the sentence that asks for it is the name, an Arabic one included', async () => {
    expect((await server.admin('POST', '/api/flows', { document: newFlowDocument('service-client', 'خدمة العملاء', ['fr']) })).status).toBe(201);
    await flowAction('service-client', 'Archiver…');
    const dialog = page.getByRole('dialog');
    // What copying the name in « saisissez le nom du parcours : X » gives: the selected text, as Chromium copies it.
    const copied = await dialog.locator('.archive-flow-modal b').evaluate((bold) => {
      const range = document.createRange();
      range.selectNodeContents(bold);
      const selection = getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
      return selection.toString();
    });
    await dialog.getByRole('textbox', { name: 'Nom du parcours' }).fill(copied);
    const archive = dialog.getByRole('button', { name: 'Archiver' });
    expect(await archive.isEnabled(), JSON.stringify(copied)).toBe(true);
    await archive.click();
    await expect.poll(() => page.locator('tr[data-flow-id="service-client"]').count()).toBe(0);
  });

  it('a handoff card: a queue stored with a control leaves « · priorité 1 » after it', async () => {
    await storedAs('recouvrer', 'Recouvrer', [{ id: 'agent', type: 'handoff', queue: TROJAN, priority: 1, position: { x: 220, y: 220 } }]);
    await page.goto(`${server.url}/flows/recouvrer`);
    const meta = page.locator('.react-flow__node[data-id="agent"] .node-meta');
    await meta.getByText('priorité').waitFor();
    const shown = await drawn(meta, ['Facturation', '·', 'priorité']);
    expect(inReadingOrder(shown.pieces), JSON.stringify(shown)).toBe(true);
  });

  it('a node picked by its label: « X (id) » keeps its brackets after a label stored with a control', async () => {
    await storedAs('aller', 'Aller', [
      { id: 'retour', type: 'goto', label: TROJAN, target: 'welcome', position: { x: 220, y: 220 } },
      { id: 'saut', type: 'goto', target: 'retour', position: { x: 420, y: 220 } },
    ]);
    await page.goto(`${server.url}/flows/aller`);
    await page.locator('.react-flow__node[data-id="saut"]').click();
    await page.getByRole('textbox', { name: 'Aller vers' }).click();
    const option = page.getByRole('option', { name: /retour/ });
    await option.waitFor();
    const shown = await drawn(option, ['Facturation', '(', 'retour', ')']);
    expect(inReadingOrder(shown.pieces), JSON.stringify(shown)).toBe(true);
    await page.keyboard.press('Escape');
  });

  it('the simulator’s keys line: « 2 Solde » stays after a right-to-left option label', async () => {
    expect((await server.admin('POST', '/api/flows', { document: newFlowDocument('menus', 'Menus', ['fr']) })).status).toBe(201);
    const parsed = parseFlow({
      ...newFlowDocument('menus', 'Menus', ['fr']),
      nodes: [
        { id: 'start', type: 'start', position: { x: 0, y: 40 } },
        {
          id: 'menu',
          type: 'menu',
          position: { x: 220, y: 20 },
          prompt: { fr: { text: 'Faites votre choix.' } },
          options: [
            { id: 'service', key: '1', label: { fr: 'خدمة العملاء' } },
            { id: 'solde', key: '2', label: { fr: 'Solde' } },
          ],
        },
        { id: 'bye', type: 'end', reason: 'completed', position: { x: 540, y: 20 } },
      ],
      edges: [
        { id: 'e0', source: 'start', output: 'next', target: 'menu' },
        { id: 'e1', source: 'menu', output: 'service', target: 'bye' },
        { id: 'e2', source: 'menu', output: 'solde', target: 'bye' },
      ],
    });
    if (!parsed.ok) throw new Error(`the fixture is not a flow: ${JSON.stringify(parsed)}`);
    const draft = await server.running.store.getDraft('menus');
    expect((await server.running.store.saveDraft('menus', draft!.revision, parsed.flow, contentHash(parsed.flow), 'awa')).ok).toBe(true);
    await page.goto(`${server.url}/flows/menus`);
    await page.locator('[data-panel-button="simulator"]').click();
    await page.getByRole('button', { name: 'Appeler' }).first().click();
    const keys = page.locator('.sim-note', { hasText: '⌨' }).first();
    await keys.waitFor();
    const shown = await drawn(keys, ['1', 'خدمة', '·', '2', 'Solde']);
    expect(inReadingOrder(shown.pieces), JSON.stringify(shown)).toBe(true);
  });

  it('the versions diff: a right-to-left text keeps « avant → après » in order, an option named with a control its key and target after it', async () => {
    /** The flow `comparer` as `welcome` (its French text) and `options` make it, saved as a draft whatever its names hold. */
    const saveComparer = async (welcome: string, options: Array<{ id: string; key: string; label: string }>) => {
      const parsed = parseFlow({
        ...newFlowDocument('comparer', 'Comparer', ['fr']),
        nodes: [
          { id: 'start', type: 'start', position: { x: 0, y: 40 } },
          { id: 'menu', type: 'menu', position: { x: 220, y: 20 }, prompt: { fr: { text: welcome } }, options: options.map((o) => ({ id: o.id, key: o.key, label: { fr: o.label } })) },
          { id: 'bye', type: 'end', label: 'Au revoir', reason: 'completed', position: { x: 540, y: 20 } },
        ],
        edges: [
          { id: 'e0', source: 'start', output: 'next', target: 'menu' },
          ...['noInput', 'noMatch', ...options.map((o) => o.id)].map((output) => ({ id: `e-${output}`, source: 'menu', output, target: 'bye' })),
        ],
      });
      if (!parsed.ok) throw new Error(`the fixture is not a flow: ${JSON.stringify(parsed)}`);
      const draft = await server.running.store.getDraft('comparer');
      expect((await server.running.store.saveDraft('comparer', draft!.revision, parsed.flow, contentHash(parsed.flow), 'awa')).ok).toBe(true);
    };
    expect((await server.admin('POST', '/api/flows', { document: newFlowDocument('comparer', 'Comparer', ['fr']) })).status).toBe(201);
    await saveComparer('مرحبا بكم', [{ id: 'solde', key: '1', label: 'Solde' }]);
    const published = await server.admin('POST', '/api/flows/comparer/publish', { message: 'v1' });
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    expect((await server.admin('POST', '/api/flows/comparer/environments/production', { version: 1 })).status).toBe(200);
    // The draft: a new Arabic welcome, and an option whose label was stored with a U+202E.
    await saveComparer('أهلا وسهلا', [
      { id: 'solde', key: '1', label: 'Solde' },
      { id: 'litige', key: '2', label: TROJAN },
    ]);

    await page.goto(`${server.url}/flows/comparer`);
    await page.locator('[data-panel-button="versions"]').click();
    await page.locator('[data-env-version="production"]').waitFor();
    await page.getByRole('button', { name: 'Comparer' }).click();
    const menu = page.locator('.diff-view [data-diff-node="menu"]');
    await menu.waitFor();

    // Production’s text, the arrow, the draft’s: left to right, as « avant → après » reads everywhere else.
    const text = menu.locator('.diff-change', { hasText: 'أهلا' });
    const change = await drawn(text, ['مرحبا', '→', 'أهلا']);
    expect(inReadingOrder(change.pieces), JSON.stringify(change)).toBe(true);

    // « Facturation … » · Touche 2 → Au revoir: the label’s override stops at its closing ».
    const option = menu.locator('[data-diff-option="litige"]');
    const shown = await drawn(option, ['«', 'Facturation', '»', '·', 'Touche', '→', 'Au revoir']);
    expect(inReadingOrder(shown.pieces), JSON.stringify(shown)).toBe(true);
  });

  it('the numbers page: a test number’s route keeps « → Préproduction » after an address stored with a control', async () => {
    const at = new Date().toISOString();
    await server.running.store.putBinding({
      id: 'whatsapp-kept',
      channel: 'whatsapp',
      address: '22921\u202E301919',
      flowId: 'billing',
      environment: 'staging',
      testers: [{ number: '+22901970000010' }],
      settings: {},
      createdAt: at,
      updatedAt: at,
    });
    await page.goto(`${server.url}/admin/bindings`);
    const route = page.locator('[data-test-number="+22901970000010"] .mantine-Badge-root').first();
    await route.getByText('Préproduction').waitFor();
    const shown = await drawn(route, ['WhatsApp', '22921', '→', 'Préproduction']);
    expect(inReadingOrder(shown.pieces), JSON.stringify(shown)).toBe(true);
  });
});
