import type { Flow, FlowSettings } from '@griot/flows';
import type { Apply } from '../documentStore.ts';

/** The flow's own fields: name, description, settings. */
export const flowActions = (apply: Apply) => ({
  setFlowName(name: string) {
    apply('editFlow', (doc) => ({ ...doc, name }), { coalesce: 'flow:name' });
  },
  setFlowDescription(description: string) {
    apply('editFlow', (doc) => ({ ...doc, description: description === '' ? undefined : description }), { coalesce: 'flow:description' });
  },
  updateSettings(patch: Partial<FlowSettings>) {
    apply('editSettings', (doc) => ({ ...doc, settings: { ...doc.settings, ...patch } }), {
      coalesce: `settings:${Object.keys(patch).join(',')}`,
    });
  },
  /** The draft becomes a published version's document (an old version taken back), as one undoable step. */
  takeVersion(document: Flow) {
    apply('takeVersion', () => structuredClone(document));
  },
});
