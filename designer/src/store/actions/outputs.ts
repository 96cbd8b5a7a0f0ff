import { outputsOf, type Branch, type Flow, type FlowNode, type HandoffNode, type Intent, type MenuOption } from '@griot/flows';
import type { Apply } from '../documentStore.ts';
import { uniqueId } from '../uniqueId.ts';

type WithOutputs = Extract<FlowNode, { type: 'menu' | 'condition' | 'intent' }>;
type OutputItem = MenuOption | Branch | Intent;

/** The list whose entries are the node's own outputs: options, branches or intents. */
const listOf = (node: WithOutputs): OutputItem[] => (node.type === 'menu' ? node.options : node.type === 'intent' ? node.intents : node.branches);

function withList(node: WithOutputs, items: OutputItem[]): FlowNode {
  if (node.type === 'menu') return { ...node, options: items as MenuOption[] };
  if (node.type === 'intent') return { ...node, intents: items as Intent[] };
  return { ...node, branches: items as Branch[] };
}

function editOutputs(doc: Flow, nodeId: string, change: (node: WithOutputs) => { node: FlowNode; edges?: (edges: Flow['edges']) => Flow['edges'] }): Flow {
  const index = doc.nodes.findIndex((n) => n.id === nodeId);
  const node = doc.nodes[index];
  if (!node || (node.type !== 'menu' && node.type !== 'condition' && node.type !== 'intent')) return doc;
  const result = change(node);
  const nodes = doc.nodes.slice();
  nodes[index] = result.node;
  return { ...doc, nodes, edges: result.edges ? result.edges(doc.edges) : doc.edges };
}

/**
 * Menu options, condition branches and intents: each is an output of its node, so adding, renaming
 * and removing one keeps the edges that leave from it in step. The same goes for the handoff
 * node's other channel, which trades its `callback` output for `continued`.
 */
export const outputActions = (apply: Apply) => ({
  addMenuOption(nodeId: string) {
    apply('addOption', (doc) =>
      editOutputs(doc, nodeId, (node) => {
        if (node.type !== 'menu') return { node };
        const ids = new Set(node.options.map((o) => o.id));
        const keys = new Set(node.options.map((o) => o.key));
        const key = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '*', '#'].find((k) => !keys.has(k)) ?? '9';
        const option: MenuOption = { id: uniqueId(`o${node.options.length + 1}`, ids), key, label: {}, synonyms: {} };
        return { node: { ...node, options: [...node.options, option] } };
      }),
    );
  },

  addBranch(nodeId: string) {
    apply('addBranch', (doc) =>
      editOutputs(doc, nodeId, (node) => {
        if (node.type !== 'condition') return { node };
        const ids = new Set(node.branches.map((b) => b.id));
        const branch: Branch = { id: uniqueId(`b${node.branches.length + 1}`, ids), match: 'all', rules: [{ variable: '', operator: 'eq', value: '' }] };
        return { node: { ...node, branches: [...node.branches, branch] } };
      }),
    );
  },

  addIntent(nodeId: string) {
    apply('addIntent', (doc) =>
      editOutputs(doc, nodeId, (node) => {
        if (node.type !== 'intent') return { node };
        const id = uniqueId(`intent${node.intents.length + 1}`, new Set(node.intents.map((i) => i.id)));
        const intent: Intent = { id, label: {}, description: '', examples: {}, needsReview: [] };
        return { node: { ...node, intents: [...node.intents, intent] } };
      }),
    );
  },

  /** Removes option or branch `index` and the edge that left from it. */
  removeOutput(nodeId: string, index: number) {
    apply('removeOutput', (doc) =>
      editOutputs(doc, nodeId, (node) => {
        const items = listOf(node);
        const gone = items[index];
        if (!gone || items.length <= 1) return { node };
        return {
          node: withList(
            node,
            items.filter((_, i) => i !== index),
          ),
          edges: (edges) => edges.filter((e) => !(e.source === nodeId && e.output === gone.id)),
        };
      }),
    );
  },

  /** Changes the id of option or branch `index`; its edge follows. */
  renameOutput(nodeId: string, index: number, id: string) {
    apply(
      'renameOutput',
      (doc) =>
        editOutputs(doc, nodeId, (node) => {
          const items = listOf(node);
          const item = items[index];
          if (!item || item.id === id) return { node };
          const old = item.id;
          return {
            node: withList(
              node,
              items.map((it, i) => (i === index ? { ...it, id } : it)),
            ),
            edges: (edges) => edges.map((e) => (e.source === nodeId && e.output === old ? { ...e, output: id } : e)),
          };
        }),
      { coalesce: `${nodeId}:rename:${index}` },
    );
  },

  /**
   * The channel the agent answers on instead of this one (`whatsapp`), or none. The node's outputs
   * change with it: the edge of an output it no longer has goes, as with a removed option. Without
   * a channel, the message written there goes too.
   */
  setHandoffContinueOn(nodeId: string, continueOn: HandoffNode['continueOn']) {
    apply('continueOn', (doc) => {
      const index = doc.nodes.findIndex((n) => n.id === nodeId);
      const node = doc.nodes[index];
      if (node?.type !== 'handoff' || node.continueOn === continueOn) return doc;
      const { continueOn: _channel, continueMessage: _message, ...rest } = node;
      const next: FlowNode = continueOn ? { ...node, continueOn } : rest;
      const nodes = doc.nodes.slice();
      nodes[index] = next;
      const outputs = new Set(outputsOf(next));
      return { ...doc, nodes, edges: doc.edges.filter((e) => e.source !== nodeId || outputs.has(e.output)) };
    });
  },

  /** Moves option or branch `index` one place up (-1) or down (+1): the order callers hear. */
  moveOutput(nodeId: string, index: number, by: -1 | 1) {
    apply('moveOutput', (doc) =>
      editOutputs(doc, nodeId, (node) => {
        const items = listOf(node).slice();
        const target = index + by;
        if (target < 0 || target >= items.length) return { node };
        [items[index], items[target]] = [items[target] as OutputItem, items[index] as OutputItem];
        return { node: withList(node, items) };
      }),
    );
  },
});
