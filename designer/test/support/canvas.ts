import type { Page } from 'playwright-core';

/** Drags from a node's output handle to another node's input, as an editor does with the mouse. */
export async function connect(page: Page, source: string, output: string, target: string): Promise<void> {
  const from = page.locator(`.react-flow__node[data-id="${source}"] .react-flow__handle[data-handleid="${output}"]`);
  const to = page.locator(`.react-flow__node[data-id="${target}"] .react-flow__handle.handle-in`);
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  if (!a || !b) throw new Error(`cannot see ${source}.${output} or ${target}`);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
  await page.locator(`.react-flow__edge[data-id], .react-flow__edge`).first().waitFor();
}

/** The document's edges as the designer holds them (source.output → target). */
export async function edgesOf(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const griot = (window as unknown as { __griot: { documentStore: { getState(): { doc: { edges: Array<{ source: string; output: string; target: string }> } } } } }).__griot;
    return griot.documentStore.getState().doc.edges.map((e) => `${e.source}.${e.output}→${e.target}`);
  });
}

/** Chooses an option of a Mantine Select by its label. */
export async function choose(page: Page, label: string, option: string): Promise<void> {
  await page.getByRole('textbox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/**
 * Clicks a node and waits for the inspector to show it. The click waits for the canvas to stop
 * moving (a fit or a draft another editor saved redraws it: a click on a card still sliding lands on
 * the empty canvas and selects nothing), and is made again while the inspector does not show it.
 */
export async function selectNode(page: Page, id: string): Promise<void> {
  await page.locator('[data-panel-button="inspector"]').click();
  const node = page.locator(`.react-flow__node[data-id="${id}"]`);
  const shown = page.locator(`.side-panel-content[data-panel="inspector"] input[value="${id}"]`);
  for (let attempt = 1; ; attempt += 1) {
    await canvasAtRest(page);
    await node.click();
    try {
      await shown.waitFor({ timeout: attempt < 3 ? 5_000 : 30_000 });
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

/**
 * Waits until the canvas stops moving (an auto-layout, "show all", a node brought into view: the
 * view glides for a moment), read as the editor sees it: the view and every card in the same place
 * for ten frames in a row.
 */
export async function canvasAtRest(page: Page): Promise<void> {
  await page.evaluate(() => {
    delete (window as unknown as { __griotRest?: unknown }).__griotRest;
  });
  await page.waitForFunction(
    () => {
      const w = window as unknown as { __griotRest?: { last: string; frames: number } };
      const now = [...document.querySelectorAll<HTMLElement>('.react-flow__viewport, .react-flow__node')].map((e) => e.style.transform).join('|');
      const rest = w.__griotRest;
      w.__griotRest = { last: now, frames: rest && rest.last === now ? rest.frames + 1 : 0 };
      return w.__griotRest.frames >= 10;
    },
    undefined,
    { polling: 'raf' },
  );
}
