import type { FlowSummary } from '../api/types.ts';

/** The folder filter: every flow, those outside any folder, or one folder (with its sub-folders). */
export type FolderFilter = { kind: 'all' } | { kind: 'none' } | { kind: 'folder'; path: string };

/** Lower case without accents, so "resume" finds "Résumé" and "senegal" finds "Sénégal". */
function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/**
 * The flows the list shows for a search and a folder: every word of the search must appear in
 * the name, the id or the folder (in any order, accents and case ignored); a folder keeps its
 * own flows and those of its sub-folders.
 */
export function filterFlows(flows: readonly FlowSummary[], query: string, folder: FolderFilter): FlowSummary[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  return flows.filter((flow) => {
    if (folder.kind === 'none' && flow.folder) return false;
    if (folder.kind === 'folder' && !(flow.folder === folder.path || flow.folder?.startsWith(`${folder.path}/`))) return false;
    const haystack = fold(`${flow.name} ${flow.id} ${flow.folder ?? ''}`);
    return words.every((w) => haystack.includes(w));
  });
}

/** Every folder in use, parents included (`Campagnes` for `Campagnes/Ramadan`), sorted, with how many flows each holds. */
export function foldersOf(flows: readonly FlowSummary[]): Array<{ path: string; count: number }> {
  const counts = new Map<string, number>();
  for (const flow of flows) {
    if (!flow.folder) continue;
    const parts = flow.folder.split('/');
    for (let i = 1; i <= parts.length; i += 1) {
      const path = parts.slice(0, i).join('/');
      counts.set(path, (counts.get(path) ?? 0) + 1);
    }
  }
  return [...counts].map(([path, count]) => ({ path, count })).sort((a, b) => a.path.localeCompare(b.path));
}
