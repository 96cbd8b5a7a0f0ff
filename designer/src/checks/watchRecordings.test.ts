import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Flow } from '@griot/flows';
import { documentStore } from '../store/documentStore.ts';
import { sampleFlowForDesignerTests } from '../simulator/testFlow.ts';
import { lintDocument } from './lintDocument.ts';
import { serverRulesStore } from './serverRulesStore.ts';
import { RECORDINGS_AFTER_SAVE_MS, RECORDINGS_ON_FRONT_MS, watchRecordings } from './watchRecordings.ts';

/**
 * The checks panel's « recording not found » (`prompt.recordingNotFound`) follows the flow's
 * library as it stands, not as it was when the flow was opened: a file deleted or uploaded in
 * another tab (or by a colleague) is seen once this tab is back in front, or after a save.
 */
const flow = (): Flow => {
  const doc = sampleFlowForDesignerTests();
  const bye = doc.nodes.find((n) => n.id === 'bye') as { prompt: Record<string, { text?: string; audio?: string }> };
  bye.prompt.fr = { text: 'Au revoir.', audio: 'fr/bye.wav' };
  return doc;
};

/** The library on the server, as the test changes it (another tab deleting or uploading). */
let library: string[] = [];
const listings = () => (globalThis.fetch as unknown as { mock: { calls: unknown[] } }).mock.calls.length;

function page() {
  const document = Object.assign(new EventTarget(), { visibilityState: 'visible' });
  return { window: new EventTarget(), document };
}

const missing = () => {
  const doc = documentStore.getState().doc!;
  return lintDocument(doc, serverRulesStore.getState().contextFor(doc.id))
    .filter((i) => i.code === 'prompt.recordingNotFound')
    .map((i) => i.params?.file);
};

let stop: (() => void) | undefined;
afterEach(() => {
  stop?.();
  vi.restoreAllMocks();
  serverRulesStore.setState({ recordings: null });
});

async function opened(names: string[], now: () => number = Date.now) {
  library = names;
  vi.spyOn(globalThis, 'fetch').mockImplementation(async () => Response.json(library.map((name) => ({ name, bytes: 100 }))));
  const doc = flow();
  documentStore.getState().load(doc.id, doc, 1);
  const tab = page();
  stop = watchRecordings(tab, now);
  await vi.waitFor(() => expect(serverRulesStore.getState().recordings).not.toBeNull());
  return tab;
}

describe('the recordings the checks know', () => {
  it('a file deleted in another tab is said missing once this tab is back in front', async () => {
    let clock = 1_000_000;
    const tab = await opened(['fr/bye.wav'], () => clock);
    expect(missing()).toEqual([]);
    library = [];
    clock += RECORDINGS_ON_FRONT_MS;
    tab.window.dispatchEvent(new Event('focus'));
    await vi.waitFor(() => expect(missing()).toEqual(['fr/bye.wav']));
  });

  it('a file uploaded in another tab is no longer said missing once the tab is visible again', async () => {
    let clock = 1_000_000;
    const tab = await opened([], () => clock);
    expect(missing()).toEqual(['fr/bye.wav']);
    library = ['fr/bye.wav'];
    clock += RECORDINGS_ON_FRONT_MS;
    tab.document.dispatchEvent(new Event('visibilitychange'));
    await vi.waitFor(() => expect(missing()).toEqual([]));
  });

  it("a save's answer lists the library again, at most every ten seconds", async () => {
    let clock = 1_000_000;
    await opened([], () => clock);
    const before = listings();
    library = ['fr/bye.wav'];
    // A save answered a second later: too soon to list again.
    clock += 1000;
    documentStore.getState().markSaved(2, documentStore.getState().doc!);
    expect(listings()).toBe(before);
    clock += RECORDINGS_AFTER_SAVE_MS;
    documentStore.getState().markSaved(3, documentStore.getState().doc!);
    await vi.waitFor(() => expect(missing()).toEqual([]));
    expect(listings()).toBe(before + 1);
  });

  it('an answer that comes after a newer listing does not undo it', async () => {
    let clock = 1_000_000;
    const tab = await opened(['fr/bye.wav'], () => clock);
    let release: () => void = () => {};
    const slow = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The first listing answers late with the old library; the second, asked after, answers first without the file.
    vi.mocked(globalThis.fetch).mockImplementationOnce(async () => {
      await slow;
      return Response.json([{ name: 'fr/bye.wav', bytes: 100 }]);
    });
    library = [];
    clock += RECORDINGS_ON_FRONT_MS;
    tab.window.dispatchEvent(new Event('focus'));
    clock += RECORDINGS_ON_FRONT_MS;
    tab.window.dispatchEvent(new Event('focus'));
    await vi.waitFor(() => expect(missing()).toEqual(['fr/bye.wav']));
    release();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(missing()).toEqual(['fr/bye.wav']);
  });

  it('a tab switch (visibilitychange then focus) and alt-tabbing list the library once, not once per event', async () => {
    let clock = 1_000_000;
    const tab = await opened(['fr/bye.wav'], () => clock);
    const before = listings();
    clock += 60_000;
    tab.document.dispatchEvent(new Event('visibilitychange'));
    tab.window.dispatchEvent(new Event('focus'));
    for (let press = 0; press < 5; press += 1) {
      clock += 300;
      tab.window.dispatchEvent(new Event('focus'));
    }
    expect(listings()).toBe(before + 1);
    clock += RECORDINGS_ON_FRONT_MS;
    tab.window.dispatchEvent(new Event('focus'));
    expect(listings()).toBe(before + 2);
  });

  it('lists nothing more once the flow is closed (its listeners removed)', async () => {
    let clock = 1_000_000;
    const tab = await opened(['fr/bye.wav'], () => clock);
    const before = listings();
    stop?.();
    stop = undefined;
    clock += 60_000;
    tab.document.dispatchEvent(new Event('visibilitychange'));
    tab.window.dispatchEvent(new Event('focus'));
    documentStore.getState().markSaved(2, documentStore.getState().doc!);
    expect(listings()).toBe(before);
  });
});
