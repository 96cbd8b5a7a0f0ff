import { describe, expect, it } from 'vitest';
import { Flow } from '@griot/flows';
import { copyNodes, keepCopy, laterCopy, parseClipboard, pasteNodes, pasteOffset, readKeptCopy } from './clipboard.ts';

const doc = Flow.parse({
  schemaVersion: 2,
  id: 'f',
  name: 'F',
  locales: [{ code: 'fr', name: 'Français', tts: { vendor: 'google' } }],
  nodes: [
    { id: 'start', type: 'start' },
    { id: 'hello', type: 'message', prompt: { fr: { text: 'Bonjour' } }, position: { x: 100, y: 0 } },
    { id: 'again', type: 'goto', target: 'hello', position: { x: 300, y: 0 } },
    { id: 'bye', type: 'end', position: { x: 500, y: 0 } },
  ],
  edges: [
    { id: 'e1', source: 'start', output: 'next', target: 'hello' },
    { id: 'e2', source: 'hello', output: 'next', target: 'again' },
  ],
});

describe('copy and paste', () => {
  it('copies the nodes and only the edges between them, never the start', () => {
    const content = copyNodes(doc, ['start', 'hello', 'again']);
    expect(content?.nodes.map((n) => n.id)).toEqual(['hello', 'again']);
    expect(content?.edges.map((e) => e.id)).toEqual(['e2']);
  });

  it('pastes with fresh ids, edges and jumps following them, moved by the offset', () => {
    const content = copyNodes(doc, ['hello', 'again'])!;
    const { nodes, edges } = pasteNodes(doc, content, { x: 40, y: 40 });
    expect(nodes.map((n) => n.id)).toEqual(['hello2', 'again2']);
    expect(nodes[0]?.position).toEqual({ x: 140, y: 40 });
    expect(nodes[1]).toMatchObject({ type: 'goto', target: 'hello2' });
    expect(edges).toEqual([{ id: 'e3', source: 'hello2', output: 'next', target: 'again2' }]);
  });

  it('reads what another window copied, and ignores other text', () => {
    const content = copyNodes(doc, ['bye'])!;
    expect(parseClipboard(JSON.stringify(content))?.nodes[0]?.id).toBe('bye');
    expect(parseClipboard('hello')).toBeNull();
    expect(parseClipboard('{"format":"other"}')).toBeNull();
  });

  it('pastes beside the copied nodes while they are in view', () => {
    const content = copyNodes(doc, ['hello'])!;
    expect(pasteOffset(doc, content, 1, { x: 0, y: -100, width: 1000, height: 600 })).toEqual({ x: 40, y: 40 });
    expect(pasteOffset(doc, content, 2, { x: 0, y: -100, width: 1000, height: 600 })).toEqual({ x: 80, y: 80 });
    expect(pasteOffset(doc, content, 1, null)).toEqual({ x: 40, y: 40 });
  });

  it('pastes in the middle of the view when the editor has gone elsewhere, a second paste beside the first', () => {
    const content = copyNodes(doc, ['hello', 'again'])!;
    const view = { x: 5000, y: 3000, width: 1000, height: 600 };
    const first = pasteOffset(doc, content, 1, view);
    const placed = pasteNodes(doc, content, first).nodes;
    // The copied nodes span x 100..540 and y 0..120: their middle is the view's.
    expect(placed.map((n) => n.position)).toEqual([
      { x: 5280, y: 3240 },
      { x: 5480, y: 3240 },
    ]);
    const after = { ...doc, nodes: [...doc.nodes, ...placed] };
    const second = pasteNodes(after, content, pasteOffset(after, content, 2, view)).nodes;
    expect(second[0]?.position).toEqual({ x: 5320, y: 3280 });
  });

  it('keeps the copy on the device at once, for a flow opened next, in this tab or another', () => {
    const items = new Map<string, string>();
    const store = { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v) } as unknown as Storage;
    expect(readKeptCopy(store)).toBeNull();
    keepCopy({ ...copyNodes(doc, ['hello'])!, flowId: 'f', copiedAt: 1 }, store);
    expect(readKeptCopy(store)).toMatchObject({ flowId: 'f', copiedAt: 1, nodes: [{ id: 'hello' }] });
    const full = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    } as unknown as Storage;
    expect(() => keepCopy(copyNodes(doc, ['hello'])!, full)).not.toThrow();
  });

  it('pastes the later of two copies, one that does not say when counting as older', () => {
    const hello = { ...copyNodes(doc, ['hello'])!, copiedAt: 2 };
    const bye = { ...copyNodes(doc, ['bye'])!, copiedAt: 3 };
    const undated = copyNodes(doc, ['again'])!;
    expect(laterCopy(hello, bye)).toBe(bye);
    expect(laterCopy(bye, hello)).toBe(bye);
    expect(laterCopy(undated, hello)).toBe(hello);
    expect(laterCopy(hello, undated)).toBe(hello);
    expect(laterCopy(null, undated)).toBe(undated);
    expect(laterCopy(hello, { ...hello })).toBe(hello);
  });
});
