import { definitionOf, type FlowNode } from '@griot/flows';

/**
 * Words a node can be found by: id, label, type, every text it says, and the words of the fields
 * that hold variables and expressions: the variables it reads or writes (a condition's rules, an
 * expression, a look-up's URL and mappings, the context a handoff passes), its queue, its notes.
 * So Ctrl+K finds every place a variable is set or used, not only the prompts that say it; and a
 * node's id finds that node, not every node leading to it.
 */
export function searchText(node: FlowNode): string {
  const texts = (definitionOf(node).texts?.(node) ?? []).flatMap((t) => (t.kind === 'prompt' ? Object.values(t.prompt).map((v) => v.text ?? v.audio ?? '') : Object.values(t.label)));
  return [node.id, node.label ?? '', node.type, ...texts, ...wordsIn(node)].join(' ').toLowerCase();
}

/**
 * Fields whose words are not variables nor expressions: the node's id, label and type (read
 * above), its place on the canvas, its prompts and labels (the texts, read above: not twice), the
 * node a goto leads to (another node's id), an option's id (an output's name) and the
 * bookkeeping of translations.
 */
const NOT_VARIABLES = new Set(['id', 'type', 'label', 'position', 'target', 'sourceStamp', 'needsReview']);
const isPrompt = (key: string) => key === 'prompt' || key.endsWith('Prompt');

/** Every string a node holds in the fields that name variables or hold expressions, however deep. */
function wordsIn(value: unknown, key = ''): string[] {
  if (NOT_VARIABLES.has(key) || isPrompt(key)) return [];
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap((item) => wordsIn(item));
  return Object.entries(value).flatMap(([k, v]) => wordsIn(v, k));
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();

export interface IndexedNode {
  node: FlowNode;
  text: string;
}

/**
 * The nodes matching every word of the query, best first: a name (label or id) equal to the
 * query, then one that starts with it, then one that contains it, then a match in the texts
 * only. Accents and case do not count; ties keep the document's order.
 */
export function rankNodes(index: readonly IndexedNode[], query: string): IndexedNode[] {
  // Nothing to rank (the search closed, as at every editor's open): `fold`'s first call costs ~50 ms (Unicode tables, `\p{M}`).
  if (index.length === 0 || query.trim() === '') return [...index];
  const q = fold(query);
  const words = q.split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...index];
  const scored: Array<{ entry: IndexedNode; score: number; i: number }> = [];
  index.forEach((entry, i) => {
    const text = fold(entry.text);
    if (!words.every((w) => text.includes(w))) return;
    const names = [fold(entry.node.label ?? ''), fold(entry.node.id)].filter(Boolean);
    let score = 4;
    if (names.some((n) => n === q)) score = 0;
    else if (names.some((n) => n.startsWith(q))) score = 1;
    else if (names.some((n) => n.includes(q))) score = 2;
    else if (names.some((n) => words.every((w) => n.includes(w)))) score = 3;
    scored.push({ entry, score, i });
  });
  return scored.sort((a, b) => a.score - b.score || a.i - b.i).map((s) => s.entry);
}
