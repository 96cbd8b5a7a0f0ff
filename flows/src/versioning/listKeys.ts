import { canonicalJson } from './canonical.ts';

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Lists of the flow document whose items have no `id` but a field that names them, unique in the
 * list (the schema and the designer keep it so): the flow's variables by name, its languages by code.
 */
const KEY_FIELDS: Record<string, string> = { variables: 'name', locales: 'code' };

/**
 * What a merge (and an undo after one) knows each item of a list by, in order, or `null` when
 * the items have no identity and can only be told apart by their position. `path` is the list's
 * path in the flow document (`['variables']`, `['nodes', 'menu', 'options']`).
 *
 * - items with an `id` (nodes, connections, menu options, condition branches, intents, canvas
 *   sections and notes, test cases, slots, answer mappings), unique: their ids;
 * - the flow's variables and languages: their name, their code;
 * - a survey's answers: their position, which is their score (`0` is score 1), so two editors
 *   wording one score, each in their own language, both stay;
 * - words and values (intents' examples, synonyms, keywords, the variables a handoff passes on, a
 *   section's nodes, an `in` rule's values), unique: the value itself, so one editor putting a
 *   word at the top and the other changing the second word both stay, each on its own word.
 *
 * Rows without any (a condition's rules, a set node's assignments; test cases, slots and answer
 * mappings of a document written before they had ids, `withRowIds`) return `null`: the merge takes them by position only where that cannot
 * put one editor's change on another row (`mergeFlows`).
 */
export function itemKeys(list: readonly unknown[], path: readonly string[]): string[] | null {
  // A survey's answers: the first is score 1, and so on; the same place is the same answer.
  if (path.length === 3 && path[0] === 'nodes' && path[2] === 'answers') return list.map((_, i) => String(i));
  const field = keyField(path);
  const keyOf = (item: unknown): string | null => {
    if (isRecord(item)) {
      const key = item[field ?? 'id'];
      return typeof key === 'string' ? key : null;
    }
    return item === null || typeof item === 'object' ? null : canonicalJson(item);
  };
  const keys: string[] = [];
  for (const item of list) {
    const key = keyOf(item);
    if (key === null) return null;
    keys.push(key);
  }
  return new Set(keys).size === keys.length ? keys : null;
}

/**
 * The field that names the items of the list at `path` when it is one an editor can change (a
 * variable's name, a language's code; ids are never edited in place), else undefined.
 */
export function keyField(path: readonly string[]): string | undefined {
  return path.length === 1 ? KEY_FIELDS[path[0] as string] : undefined;
}

/**
 * The items of a list a side renamed in place since `base`, new name → old: an item of the side,
 * new to `base`, where an item of `base` the side no longer has was (after the same item), and
 * equal to it but for `field` (the designer renames a variable on its row, `renameVariable`
 * keeps its place). The merge knows them by their old name; a rename of a variable's uses follows
 * the same pairs (`renamedVariables`).
 */
export function renamedItems(
  [baseItems, baseKeys]: [readonly unknown[], readonly string[]],
  [items, keys]: [readonly unknown[], readonly string[]],
  field: string,
  same: (a: unknown, b: unknown) => boolean,
): Map<string, string> {
  const known = new Set(baseKeys);
  const present = new Set(keys);
  const gone = new Map<string, string | null>();
  baseKeys.forEach((key, j) => {
    if (!present.has(key)) gone.set(key, j > 0 ? (baseKeys[j - 1] as string) : null);
  });
  const found = new Map<string, string>();
  if (gone.size === 0) return found;
  // A variable's former names are the trace of its rename, not a change of it.
  const without = (item: unknown) => ({ ...(item as Record<string, unknown>), [field]: undefined, ...(field === 'name' ? { formerNames: undefined } : {}) });
  let previous: string | null = null;
  keys.forEach((key, i) => {
    let named = key;
    if (!known.has(key)) {
      for (const [old, after] of gone) {
        if (after !== previous || !same(without(items[i]), without(baseItems[baseKeys.indexOf(old)]))) continue;
        found.set(key, old);
        gone.delete(old);
        named = old;
        break;
      }
    }
    previous = named;
  });
  return found;
}
