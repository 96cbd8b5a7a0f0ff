/**
 * Undo after a merge on a big flow: the three-way merge `stepBack` runs (designer/src/store/history.ts)
 * when a colleague's draft came in since the step, and the conflict dialog's merge of a draft
 * read from the server (no object shared with the editor's). 800 menus, two languages, two options
 * each (≈ 390 kB of JSON). `npx tsx bench/designer/undoAfterMerge.bench.ts`; say the load average.
 */
import { Flow, mergeFlows, type FlowInput } from '../../flows/src/index.ts';

function big(n: number): Flow {
  const nodes: FlowInput['nodes'] = [{ id: 'start', type: 'start' }];
  const edges: FlowInput['edges'] = [];
  for (let i = 0; i < n; i++) {
    nodes.push({
      id: `m${i}`,
      type: 'menu',
      position: { x: i * 10, y: i * 5 },
      prompt: { fr: { text: `Menu ${i} : tapez 1 pour le solde` }, en: { text: `Menu ${i}: press 1` } },
      options: [
        { id: 'o1', key: '1', label: { fr: 'Solde', en: 'Balance' } },
        { id: 'o2', key: '2', label: { fr: 'Conseiller', en: 'Agent' } },
      ],
    } as FlowInput['nodes'][number]);
    edges.push({ id: `e${i}`, source: i === 0 ? 'start' : `m${i - 1}`, output: i === 0 ? 'next' : 'o1', target: `m${i}` });
  }
  const locales = [
    { code: 'fr', name: 'Français', tts: { vendor: 'google' as const } },
    { code: 'en', name: 'English', tts: { vendor: 'google' as const } },
  ];
  return Flow.parse({ schemaVersion: 2, id: 'big', name: 'Big', locales, nodes, edges, settings: {} });
}

const median = (run: () => void, times = 15) => {
  const ms = Array.from({ length: times }, () => {
    const t = performance.now();
    run();
    return performance.now() - t;
  }).sort((a, b) => a - b);
  return ms[Math.floor(times / 2)]?.toFixed(1);
};

const before = big(800);
// One step of this editor's (a node's label changed): the untouched nodes are the same objects, as in the store.
const after = { ...before, nodes: before.nodes.map((n, i) => (i === 10 ? { ...n, label: 'Renommé' } : n)) };
// The document after a colleague's draft came in: shares the editor's nodes (a merge keeps them) …
const merged = { ...after, name: 'Theirs' };
// … or read from the server: shares nothing.
const fromServer = structuredClone(merged);
console.log(`undo after a merge, 800 nodes: ${median(() => mergeFlows(after, merged, before, 'mine'))} ms median`);
console.log(`merge of a draft read from the server: ${median(() => mergeFlows(after, fromServer, before, 'mine'))} ms median`);

// The whole undo as the store runs it, with the conflict merge remembered (`merges`): the three-way
// merge, then what the undo changes checked against the colleague's fields, and their dropped
// connections looked for (designer/src/store/history.ts).
const { stepBack } = await import('../../designer/src/store/history.ts');
const theirs = { ...before, name: 'Theirs' };
const entry = { name: 'editNode', before, after, at: 0 };
console.log(`the store's undo after a conflict merge: ${median(() => stepBack(entry, merged, [{ base: before, theirs, merged }]))} ms median`);
