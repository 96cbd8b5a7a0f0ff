import type { CanvasLayout, Flow, StickyNote } from '@griot/flows';
import type { Apply } from '../documentStore.ts';
import { uniqueId } from '../uniqueId.ts';

type Position = { x: number; y: number };
const EMPTY: CanvasLayout = { groups: [], notes: [] };

/** The document with its canvas layout changed; an emptied layout is left out of the document. */
function withLayout(doc: Flow, change: (layout: CanvasLayout) => CanvasLayout): Flow {
  const before = doc.layout ?? EMPTY;
  const after = change(before);
  if (after === before) return doc;
  if (after.groups.length === 0 && after.notes.length === 0) {
    const { layout: _gone, ...rest } = doc;
    return rest;
  }
  return { ...doc, layout: after };
}

/** Keeps sections true to the nodes: deleted ones leave their section, renamed ones keep it; emptied sections go. */
export function layoutAfterNodeChanges(doc: Flow, rename: (id: string) => string | null): Flow {
  if (!doc.layout) return doc;
  return withLayout(doc, (layout) => ({
    ...layout,
    groups: layout.groups.map((g) => ({ ...g, nodes: g.nodes.map(rename).filter((id): id is string => id !== null) })).filter((g) => g.nodes.length > 0),
  }));
}

const groupIds = (doc: Flow) => new Set((doc.layout?.groups ?? []).map((g) => g.id));
const noteIds = (doc: Flow) => new Set((doc.layout?.notes ?? []).map((n) => n.id));

/** Sections and sticky notes: how the canvas is organised (never read by the interpreter). */
export const layoutActions = (apply: Apply) => ({
  /** Puts nodes in a new section (taking them out of any other); returns its id. */
  addGroup(label: string, nodeIds: readonly string[]): string | null {
    let created: string | null = null;
    apply('addGroup', (doc) => {
      const members = nodeIds.filter((id) => doc.nodes.some((n) => n.id === id));
      if (members.length === 0) return doc;
      const id = uniqueId('section', groupIds(doc));
      created = id;
      const taken = new Set(members);
      return withLayout(doc, (layout) => ({
        ...layout,
        groups: [...layout.groups.map((g) => ({ ...g, nodes: g.nodes.filter((n) => !taken.has(n)) })).filter((g) => g.nodes.length > 0), { id, label, nodes: members }],
      }));
    });
    return created;
  },
  renameGroup(id: string, label: string) {
    apply('renameGroup', (doc) => withLayout(doc, (layout) => ({ ...layout, groups: layout.groups.map((g) => (g.id === id ? { ...g, label } : g)) })), {
      coalesce: `group:${id}:label`,
    });
  },
  /** Folds a section into one card, or unfolds it. */
  setGroupCollapsed(id: string, collapsed: boolean) {
    apply(collapsed ? 'collapseGroup' : 'expandGroup', (doc) =>
      withLayout(doc, (layout) => ({
        ...layout,
        groups: layout.groups.map((g) => {
          if (g.id !== id || Boolean(g.collapsed) === collapsed) return g;
          const { collapsed: _old, ...rest } = g;
          return collapsed ? { ...rest, collapsed: true } : rest;
        }),
      })),
    );
  },
  /** Removes the section; its nodes stay where they are. */
  removeGroup(id: string) {
    apply('removeGroup', (doc) => withLayout(doc, (layout) => ({ ...layout, groups: layout.groups.filter((g) => g.id !== id) })));
  },
  addNote(position: Position, text = ''): string {
    let created = '';
    apply('addNote', (doc) => {
      created = uniqueId('note', noteIds(doc));
      const note: StickyNote = { id: created, text, position: { x: Math.round(position.x), y: Math.round(position.y) } };
      return withLayout(doc, (layout) => ({ ...layout, notes: [...layout.notes, note] }));
    });
    return created;
  },
  editNote(id: string, patch: Partial<Pick<StickyNote, 'text' | 'color'>>) {
    apply('editNote', (doc) => withLayout(doc, (layout) => ({ ...layout, notes: layout.notes.map((n) => (n.id === id ? { ...n, ...patch } : n)) })), {
      coalesce: `note:${id}:${Object.keys(patch).join(',')}`,
    });
  },
  moveNotes(positions: Record<string, Position>) {
    apply('moveNodes', (doc) =>
      withLayout(doc, (layout) => {
        let changed = false;
        const notes = layout.notes.map((n) => {
          const p = positions[n.id];
          if (!p || (Math.round(p.x) === n.position.x && Math.round(p.y) === n.position.y)) return n;
          changed = true;
          return { ...n, position: { x: Math.round(p.x), y: Math.round(p.y) } };
        });
        return changed ? { ...layout, notes } : layout;
      }),
    );
  },
  removeNotes(ids: readonly string[]) {
    if (ids.length === 0) return;
    const gone = new Set(ids);
    apply('removeNote', (doc) => withLayout(doc, (layout) => ({ ...layout, notes: layout.notes.filter((n) => !gone.has(n.id)) })));
  },
});
