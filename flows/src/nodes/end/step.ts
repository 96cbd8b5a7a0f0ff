import type { NodeDefinition } from '../definition.ts';

export const endNode: NodeDefinition<'end'> = {
  outputs: () => [],
  enter(node, ctx) {
    ctx.say(node.prompt, node.id);
    const reason = node.reason ?? 'completed';
    ctx.emit({ type: 'end', node: node.id, reason });
    return { end: reason };
  },
  texts: (node) => (node.prompt ? [{ field: 'prompt', kind: 'prompt', prompt: node.prompt }] : []),
  waitsForCaller: false,
};
