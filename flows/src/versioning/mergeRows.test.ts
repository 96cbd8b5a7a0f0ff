import { describe, expect, it } from 'vitest';
import type { Flow } from '../schema/flow.ts';
import type { TestCase } from '../schema/testCase.ts';
import type { FlowNode } from '../schema/node.ts';
import { sampleFlow } from '../fixtures/sampleFlow.ts';
import { mergeFlows } from './merge.ts';
import { withIds, withRowIds } from './rowIds.ts';
import { diffFlows } from './diff.ts';
import { contentHash } from './canonical.ts';

// What the flow's test cases, slots and answer mappings were before they had ids: stored drafts
// without them. Each editor's designer gives the rows the ids `withRowIds` gives (from their content), and a
// new row a random one: the tests write those ids out, so that they say what each editor holds.

const testCase = (name: string, text = 'bonjour'): TestCase => ({
  name,
  channel: 'voice',
  caller: { number: '+2290197000099' },
  fixtures: {},
  steps: [{ expect: { promptContains: text } }],
});

/** A stored draft from before the ids: three test cases, a look-up with three answer mappings, an intent node with three slots. */
function oldDraft(): Flow {
  const flow = sampleFlow();
  flow.tests = [testCase('Solde'), testCase('PUK'), testCase('Conseiller')];
  const lookup = nodeOf(flow, 'lookup', 'http');
  lookup.responseMapping = [
    { variable: 'puk', path: '$.puk' },
    { variable: 'segment', path: '$.segment' },
    { variable: 'solde', path: '$.balance' },
  ];
  flow.variables.push({ name: 'solde', type: 'string', sensitive: false, persist: false }, { name: 'montant', type: 'string', sensitive: false, persist: false });
  flow.nodes.push({
    id: 'understand',
    type: 'intent',
    position: { x: 0, y: 0 },
    prompt: { fr: { text: 'Que voulez-vous ?' } },
    intents: [{ id: 'transfer', label: {}, description: 'Envoyer de l’argent', examples: {}, needsReview: [] }],
    slots: [
      { variable: 'segment', kind: 'text', description: '' },
      { variable: 'montant', kind: 'amount', description: '' },
      { variable: 'solde', kind: 'amount', description: '' },
    ],
    threshold: 0.5,
    allowDigits: false,
    maxRetries: 2,
    timeoutSeconds: 8,
    classifierTimeoutMs: 3000,
  } as FlowNode);
  return flow;
}

function nodeOf<T extends FlowNode['type']>(flow: Flow, id: string, type: T): Extract<FlowNode, { type: T }> {
  const node = flow.nodes.find((n) => n.id === id);
  if (node?.type !== type) throw new Error(`${id} is not a ${type}`);
  return node as Extract<FlowNode, { type: T }>;
}

/** The draft as an editor's designer opened it: the rows given ids from their content (`withRowIds`). */
function opened(stored: Flow): Flow {
  return withRowIds(structuredClone(stored));
}

const names = (flow: Flow) => flow.tests.map((t) => t.name);

describe('mergeFlows: test cases, slots and answer mappings by id', () => {
  it('keeps both test cases when two editors each add one at the end', () => {
    const stored = oldDraft();
    const mine = opened(stored);
    const theirs = opened(stored);
    mine.tests.push({ ...testCase('Crédit épuisé'), id: 't-a81f3c02' });
    theirs.tests.push({ ...testCase('Langue fon'), id: 't-5e0b9d17' });
    for (const prefer of ['mine', 'theirs'] as const) {
      const { flow, conflicts } = mergeFlows(stored, mine, theirs, prefer);
      expect(conflicts).toEqual([]);
      // By position, the two lists were a conflict and one editor's new test case was gone.
      expect(names(flow).sort()).toEqual(['Conseiller', 'Crédit épuisé', 'Langue fon', 'PUK', 'Solde']);
    }
  });

  it('puts an edit of the third test case on the third when the other editor removed the second', () => {
    const stored = oldDraft();
    const mine = opened(stored);
    const theirs = opened(stored);
    mine.tests.splice(1, 1);
    (theirs.tests[2] as TestCase).steps = [{ expect: { promptContains: 'Je vous passe un conseiller' } }];
    const { flow, conflicts } = mergeFlows(stored, mine, theirs, 'mine');
    expect(conflicts).toEqual([]);
    expect(names(flow)).toEqual(['Solde', 'Conseiller']);
    expect(flow.tests[1]?.steps).toEqual([{ expect: { promptContains: 'Je vous passe un conseiller' } }]);
  });

  it('keeps one editor’s order and the other’s edit, each on its own test case', () => {
    const stored = oldDraft();
    const mine = opened(stored);
    const theirs = opened(stored);
    mine.tests = [mine.tests[2], mine.tests[0], mine.tests[1]] as TestCase[];
    (theirs.tests[0] as TestCase).name = 'Solde (XOF)';
    const { flow, conflicts } = mergeFlows(stored, mine, theirs, 'theirs');
    expect(conflicts).toEqual([]);
    expect(names(flow)).toEqual(['Conseiller', 'Solde (XOF)', 'PUK']);
  });

  it('lists a test case both renamed differently by the case, as a node’s field', () => {
    const stored = oldDraft();
    const mine = opened(stored);
    const theirs = opened(stored);
    mine.tests.splice(0, 1);
    (mine.tests[0] as TestCase).name = 'PUK oublié';
    (theirs.tests[1] as TestCase).name = 'PUK bloqué';
    const { flow, conflicts } = mergeFlows(stored, mine, theirs, 'theirs');
    expect(conflicts).toEqual([{ field: `tests.${opened(stored).tests[1]?.id}.name`, base: 'PUK', mine: 'PUK oublié', theirs: 'PUK bloqué' }]);
    expect(names(flow)).toEqual(['PUK bloqué', 'Conseiller']);
  });

  it('lists a test case one editor removed and the other changed, whole', () => {
    const stored = oldDraft();
    const mine = opened(stored);
    const theirs = opened(stored);
    mine.tests.splice(2, 1);
    (theirs.tests[2] as TestCase).name = 'Conseiller (WhatsApp)';
    const { flow, conflicts } = mergeFlows(stored, mine, theirs, 'theirs');
    expect(conflicts).toMatchObject([{ field: `tests.${opened(stored).tests[2]?.id}`, mine: undefined, theirs: { name: 'Conseiller (WhatsApp)' } }]);
    expect(names(flow)).toEqual(['Solde', 'PUK', 'Conseiller (WhatsApp)']);
  });

  it('puts an edit of a slot on that slot when the other editor removed the one before it', () => {
    const stored = oldDraft();
    const mine = opened(stored);
    const theirs = opened(stored);
    nodeOf(mine, 'understand', 'intent').slots.splice(0, 1);
    const slot = nodeOf(theirs, 'understand', 'intent').slots[1];
    if (!slot) throw new Error('no second slot');
    Object.assign(slot, { kind: 'digits', description: 'Montant en chiffres' });
    const { flow, conflicts } = mergeFlows(stored, mine, theirs, 'mine');
    expect(conflicts).toEqual([]);
    // By position: a conflict on the whole list, and « montant » either kept its old kind or « segment » came back.
    expect(nodeOf(flow, 'understand', 'intent').slots.map((s) => [s.variable, s.kind, s.description])).toEqual([
      ['montant', 'digits', 'Montant en chiffres'],
      ['solde', 'amount', ''],
    ]);
  });

  it('lists a slot both changed differently on the node, by the slot', () => {
    const stored = oldDraft();
    const mine = opened(stored);
    const theirs = opened(stored);
    (nodeOf(mine, 'understand', 'intent').slots[1] as { kind: string }).kind = 'digits';
    (nodeOf(theirs, 'understand', 'intent').slots[1] as { kind: string }).kind = 'text';
    const { conflicts } = mergeFlows(stored, mine, theirs, 'mine');
    expect(conflicts).toEqual([{ nodeId: 'understand', field: `slots.${nodeOf(opened(stored), 'understand', 'intent').slots[1]?.id}.kind`, base: 'amount', mine: 'digits', theirs: 'text' }]);
  });

  it('keeps an answer mapping each editor added and a path changed on the right row after a removal', () => {
    const stored = oldDraft();
    const mine = opened(stored);
    const theirs = opened(stored);
    const [myLookup, theirLookup] = [nodeOf(mine, 'lookup', 'http'), nodeOf(theirs, 'lookup', 'http')];
    myLookup.responseMapping.splice(0, 1);
    myLookup.responseMapping.push({ id: 'm-0c4e2a91', variable: 'montant', path: '$.lastAmount' });
    (theirLookup.responseMapping[2] as { path: string }).path = '$.balance.main';
    theirLookup.responseMapping.push({ id: 'm-7b31f6d0', variable: 'puk', path: '$.sim.puk2' });
    const { flow, conflicts } = mergeFlows(stored, mine, theirs, 'mine');
    expect(conflicts).toEqual([]);
    expect(nodeOf(flow, 'lookup', 'http').responseMapping.map((m) => `${m.variable}=${m.path}`)).toEqual(['segment=$.segment', 'solde=$.balance.main', 'montant=$.lastAmount', 'puk=$.sim.puk2']);
  });

  it('merges a side saved without ids that left the rows alone with one that changed them', () => {
    const stored = oldDraft();
    const mine = structuredClone(stored);
    const theirs = opened(stored);
    theirs.tests.splice(0, 1);
    mine.nodes = mine.nodes.map((n) => (n.id === 'bye' ? { ...n, position: { x: 9, y: 9 } } : n));
    const { flow, conflicts } = mergeFlows(stored, mine, theirs, 'mine');
    expect(conflicts).toEqual([]);
    expect(names(flow)).toEqual(['PUK', 'Conseiller']);
  });

  it('never loses or misplaces a change when each editor makes one change to the test cases (every pair)', () => {
    type Change = { kind: 'add' | 'edit' | 'remove' | 'top'; at: number };
    const changes: Change[] = [{ kind: 'add', at: 3 }];
    for (let at = 0; at < 3; at++) changes.push({ kind: 'edit', at }, { kind: 'remove', at }, { kind: 'top', at });
    const apply = (flow: Flow, change: Change, who: string): Flow => {
      const tests = [...flow.tests];
      if (change.kind === 'add') tests.push({ ...testCase(`Nouveau (${who})`), id: `t-${who}` });
      if (change.kind === 'edit') tests[change.at] = { ...(tests[change.at] as TestCase), steps: [{ expect: { promptContains: who } }] };
      if (change.kind === 'remove') tests.splice(change.at, 1);
      if (change.kind === 'top') tests.unshift(...tests.splice(change.at, 1));
      return { ...flow, tests };
    };
    const stored = oldDraft();
    for (const a of changes) {
      for (const b of changes) {
        const [mine, theirs] = [apply(opened(stored), a, 'mine'), apply(opened(stored), b, 'theirs')];
        const { flow, conflicts } = mergeFlows(stored, mine, theirs, 'mine');
        const touched = (c: Change) => (c.kind === 'edit' || c.kind === 'remove' ? c.at : -1);
        const clash = touched(a) >= 0 && touched(a) === touched(b) && !(a.kind === 'remove' && b.kind === 'remove');
        const label = `${a.kind}${a.at} × ${b.kind}${b.at}`;
        if (!clash && !(a.kind === 'top' && b.kind === 'top' && a.at !== b.at)) expect(conflicts, label).toEqual([]);
        for (const [change, who] of [
          [a, 'mine'],
          [b, 'theirs'],
        ] as const) {
          if (change.kind === 'add') expect(names(flow), label).toContain(`Nouveau (${who})`);
          const name = names(stored)[change.at];
          const other = change === a ? b : a;
          // An edit lands on the case it was made on, whatever the other did to the others.
          // (On a case both changed, the merge lists it and `prefer`, mine, decides.)
          if (change.kind === 'edit' && !(touched(other) === change.at && who === 'theirs'))
            expect(flow.tests.find((t) => t.name === name)?.steps, label).toEqual([{ expect: { promptContains: who } }]);
          // A removal the other did not contest holds.
          if (change.kind === 'remove' && !(other.kind === 'edit' && other.at === change.at)) expect(names(flow), label).not.toContain(name);
        }
        expect(new Set(flow.tests.map((t) => t.id)).size, label).toBe(flow.tests.length);
      }
    }
  });
});

describe('withRowIds', () => {
  it('gives the rows without an id one from their content, whatever their place, and is the same object when none lacks one', () => {
    const flow = withRowIds(oldDraft());
    const ids = flow.tests.map((t) => t.id);
    expect(ids.every((id) => /^t[0-9a-f]{8}$/.test(id ?? ''))).toBe(true);
    expect(new Set(ids).size).toBe(3);
    expect(nodeOf(flow, 'understand', 'intent').slots.every((s) => /^s[0-9a-f]{8}$/.test(s.id ?? ''))).toBe(true);
    expect(nodeOf(flow, 'lookup', 'http').responseMapping.every((m) => /^m[0-9a-f]{8}$/.test(m.id ?? ''))).toBe(true);
    expect(withRowIds(flow)).toBe(flow);
    expect(withRowIds(oldDraft())).toEqual(flow);
    // The second case opened from a draft whose first case was removed has the id it had before.
    const without = oldDraft();
    without.tests.shift();
    expect(withRowIds(without).tests.map((t) => t.id)).toEqual(ids.slice(1));
    // Two rows with the same content: told apart; an id the list holds is never given.
    const same = withIds([{ id: 'x', name: 'a' }, { name: 'a' }, { name: 'a' }], 't').map((r) => r.id);
    expect(same[0]).toBe('x');
    expect(same[2]).toBe(`${same[1]}-2`);
  });

  it('gives a new id to a row whose id an earlier row has (a document with two rows t1), so a merge knows each row', () => {
    const hostile = oldDraft();
    hostile.tests = hostile.tests.map((t) => ({ ...t, id: 't1' }));
    const flow = withRowIds(hostile);
    expect(flow.tests[0]?.id).toBe('t1');
    expect(new Set(flow.tests.map((t) => t.id)).size).toBe(3);
    // Two editors who opened it: one renames the second case, the other removes the third; both kept, no conflict.
    const [mine, theirs] = [withRowIds(structuredClone(hostile)), withRowIds(structuredClone(hostile))];
    (mine.tests[1] as TestCase).name = 'PUK (renommé)';
    theirs.tests.splice(2, 1);
    const merged = mergeFlows(hostile, mine, theirs, 'mine');
    expect(merged.conflicts).toEqual([]);
    expect(names(merged.flow)).toEqual(['Solde', 'PUK (renommé)']);
  });
});

describe('mergeFlows: a draft saved without ids between two editors opening it', () => {
  it('keeps each editor’s edit on its own case when one opened the draft after an import without ids removed the first case', () => {
    const stored = oldDraft();
    // Awa opens the draft as it is, and edits the second case (PUK).
    const awaOpened = opened(stored);
    const awa = structuredClone(awaOpened);
    (awa.tests[1] as TestCase).steps = [{ expect: { promptContains: 'awa' } }];
    // Meanwhile the draft is saved without ids, its first case removed (a flow.json imported, an older tab);
    // Koffi opens that one and edits its last case (Conseiller), and saves first.
    const imported = structuredClone(stored);
    imported.tests.shift();
    const koffi = opened(imported);
    (koffi.tests[1] as TestCase).steps = [{ expect: { promptContains: 'koffi' } }];
    // Awa's save conflicts: merged from the draft she opened (with the ids her designer gave it).
    for (const prefer of ['mine', 'theirs'] as const) {
      const { flow, conflicts } = mergeFlows(awaOpened, awa, koffi, prefer);
      expect(conflicts).toEqual([]);
      expect(flow.tests.map((t) => [t.name, t.steps])).toEqual([
        ['PUK', [{ expect: { promptContains: 'awa' } }]],
        ['Conseiller', [{ expect: { promptContains: 'koffi' } }]],
      ]);
    }
  });
});

describe('a version published before the ids, and the same flow opened in the designer', () => {
  it('differ by nothing (« Comparer », the lines a promotion reaches), and by only what an editor changed once saved', () => {
    const stored = oldDraft();
    const hash = contentHash(stored);
    const open = opened(stored);
    // Opening it writes nothing: the stored draft keeps its content hash (publishing it again is « no changes »).
    expect(contentHash(stored)).toBe(hash);
    const diff = diffFlows(stored, open);
    expect(diff.same).toBe(true);
    expect(diff.nodes.changed).toEqual([]);
    expect(diff.flow).toEqual([]);
    // An edit of the second case: that case's steps, nothing of the others' ids.
    (open.tests[1] as TestCase).steps = [{ expect: { promptContains: 'PUK' } }];
    expect(diffFlows(stored, open).flow.map((c) => c.field)).toEqual(['tests.1.steps.0.expect.promptContains']);
  });
});

describe('mergeFlows: every pair of changes, ids on one side only or hostile', () => {
  type Change = { kind: 'add' | 'edit' | 'remove' | 'top'; at: number };
  const changes: Change[] = [{ kind: 'add', at: 3 }];
  for (let at = 0; at < 3; at++) changes.push({ kind: 'edit', at }, { kind: 'remove', at }, { kind: 'top', at });
  /** `change` made by `who` to the case named `name` (by name: the side may no longer hold it at the same place). */
  const apply = (flow: Flow, change: Change, who: string, name: string | undefined, withId: boolean): Flow => {
    const tests = [...flow.tests];
    const at = tests.findIndex((t) => t.name === name);
    if (change.kind === 'add') tests.push({ ...testCase(`Nouveau (${who})`), ...(withId ? { id: `t-${who}` } : {}) });
    if (at >= 0 && change.kind === 'edit') tests[at] = { ...(tests[at] as TestCase), steps: [{ expect: { promptContains: who } }] };
    if (at >= 0 && change.kind === 'remove') tests.splice(at, 1);
    if (at >= 0 && change.kind === 'top') tests.unshift(...tests.splice(at, 1));
    return { ...flow, tests };
  };
  /** What must hold whatever the two did: a case nobody edited keeps its steps, and without a conflict every change holds. */
  const check = (base: Flow, merged: Flow, conflicts: unknown[], edits: Array<[Change, string]>, label: string) => {
    const baseSteps = new Map(base.tests.map((t) => [t.name, t.steps]));
    for (const t of merged.tests) {
      if (!baseSteps.has(t.name)) continue;
      const editors = edits.filter(([c]) => c.kind === 'edit' && base.tests[c.at]?.name === t.name).map(([, who]) => who);
      const allowed = [baseSteps.get(t.name), ...editors.map((who) => [{ expect: { promptContains: who } }])];
      // Never another case's change: a row changed that nobody changed.
      expect(allowed, `${label}: ${t.name}`).toContainEqual(t.steps);
    }
    if (conflicts.length > 0) return;
    for (const [change, who] of edits) {
      const name = base.tests[change.at]?.name;
      if (change.kind === 'add') expect(names(merged), label).toContain(`Nouveau (${who})`);
      if (change.kind === 'edit') expect(merged.tests.find((t) => t.name === name)?.steps, label).toEqual([{ expect: { promptContains: who } }]);
      if (change.kind === 'remove') expect(names(merged), label).not.toContain(name);
    }
    // (A side without ids taken whole keeps none: the designer gives them at the next opening.)
    const ids = merged.tests.flatMap((t) => (t.id === undefined ? [] : [t.id]));
    expect(new Set(ids).size, label).toBe(ids.length);
  };

  it('one side saved without ids (an older tab, an import): a change lands on its case or the list is a conflict', () => {
    const stored = oldDraft();
    for (const a of changes)
      for (const b of changes)
        for (const prefer of ['mine', 'theirs'] as const) {
          const [mine, theirs] = [apply(opened(stored), a, 'mine', stored.tests[a.at]?.name, true), apply(structuredClone(stored), b, 'theirs', stored.tests[b.at]?.name, false)];
          const { flow, conflicts } = mergeFlows(stored, mine, theirs, prefer);
          check(
            stored,
            flow,
            conflicts,
            [
              [a, 'mine'],
              [b, 'theirs'],
            ],
            `${a.kind}${a.at} × ${b.kind}${b.at} (${prefer})`,
          );
        }
  });

  it('one editor opened the draft after an import without ids removed the first case: no conflict, every change on its case', () => {
    const stored = oldDraft();
    const imported = structuredClone(stored);
    imported.tests.shift();
    const base = opened(stored);
    for (const a of changes)
      for (const b of changes) {
        if (b.at === 0 && b.kind !== 'add') continue; // the case the import removed
        const mine = apply(structuredClone(base), a, 'mine', stored.tests[a.at]?.name, true);
        const theirs = apply(opened(imported), b, 'theirs', stored.tests[b.at]?.name, true);
        const { flow, conflicts } = mergeFlows(base, mine, theirs, 'mine');
        const label = `${a.kind}${a.at} × ${b.kind}${b.at}`;
        // The import's removal against my edit of that case is the one conflict there may be.
        check(
          stored,
          flow,
          conflicts,
          [
            [a, 'mine'],
            [b, 'theirs'],
          ],
          label,
        );
        const touched = (c: Change) => (c.kind === 'edit' || c.kind === 'remove' ? c.at : -1);
        const clash = touched(a) >= 0 && touched(a) === touched(b) && !(a.kind === 'remove' && b.kind === 'remove');
        if (!clash && !(a.at === 0 && a.kind !== 'add') && !(a.kind === 'top' && b.kind === 'top')) expect(conflicts, label).toEqual([]);
      }
  });

  it('a document with every case under one id: each editor’s change stays on its case', () => {
    const hostile = oldDraft();
    hostile.tests = hostile.tests.map((t) => ({ ...t, id: 't1' }));
    for (const a of changes)
      for (const b of changes) {
        const [mine, theirs] = [apply(opened(hostile), a, 'mine', hostile.tests[a.at]?.name, true), apply(opened(hostile), b, 'theirs', hostile.tests[b.at]?.name, true)];
        const { flow, conflicts } = mergeFlows(hostile, mine, theirs, 'mine');
        check(
          hostile,
          flow,
          conflicts,
          [
            [a, 'mine'],
            [b, 'theirs'],
          ],
          `${a.kind}${a.at} × ${b.kind}${b.at}`,
        );
      }
  });
});
