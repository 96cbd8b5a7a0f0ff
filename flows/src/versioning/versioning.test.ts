import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash } from './canonical.ts';
import { diffFlows } from './diff.ts';
import { sampleFlow } from '../fixtures/sampleFlow.ts';

describe('canonical JSON and hash', () => {
  it('does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    expect(contentHash({ b: 1, a: 2 })).toBe(contentHash({ a: 2, b: 1 }));
    expect(contentHash({ a: 1 })).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(contentHash({ a: 1 })).not.toBe(contentHash({ a: 2 }));
  });
});

describe('diffFlows', () => {
  it('lists added, removed and changed nodes with fields and locales', () => {
    const before = sampleFlow();
    const after = structuredClone(before);
    const menu = after.nodes.find((n) => n.id === 'menu');
    if (menu?.type !== 'menu') throw new Error('menu');
    menu.prompt.en = { text: 'Press 1 for PUK.' };
    menu.options[1]!.key = '9';
    after.nodes = after.nodes.filter((n) => n.id !== 'notFound');
    after.nodes.push({ id: 'extra', type: 'end' });
    const bye = after.nodes.find((n) => n.id === 'bye');
    if (bye) bye.position = { x: 5, y: 5 };
    const d = diffFlows(before, after);
    expect(d.nodes.added.map((n) => n.id)).toEqual(['extra']);
    expect(d.nodes.removed.map((n) => n.id)).toEqual(['notFound']);
    const changed = d.nodes.changed.find((c) => c.id === 'menu');
    expect(changed?.fields.map((f) => f.field)).toEqual(['options.1.key', 'prompt.en.text']);
    expect(changed?.locales).toEqual(['en']);
    expect(d.nodes.changed.find((c) => c.id === 'bye')?.movedOnly).toBe(true);
    expect(d.same).toBe(false);
    expect(diffFlows(before, structuredClone(before)).same).toBe(true);
  });

  it('an added option counts for every language its label and synonyms are in', () => {
    const before = sampleFlow();
    const after = structuredClone(before);
    const menu = after.nodes.find((n) => n.id === 'menu');
    if (menu?.type !== 'menu') throw new Error('menu');
    menu.options.push({ id: 'balance', key: '3', label: { en: 'Balance' }, synonyms: { fon: ['akwɛ'] } });
    const changed = diffFlows(before, after).nodes.changed.find((c) => c.id === 'menu');
    expect(changed?.fields.map((f) => f.field)).toEqual(['options.2']);
    expect(changed?.locales).toEqual(['en', 'fon']);
    // Removed again, the same languages are touched.
    expect(diffFlows(after, before).nodes.changed.find((c) => c.id === 'menu')?.locales).toEqual(['en', 'fon']);
  });
});
