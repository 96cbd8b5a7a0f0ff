import type { NodeDefinition } from '../definition.ts';

export const messageNode: NodeDefinition<'message'> = {
  outputs: () => ['next'],
  enter(node, ctx) {
    ctx.say(node.prompt, node.id);
    return { output: 'next' };
  },
  texts: (node) => [{ field: 'prompt', kind: 'prompt', prompt: node.prompt }],
  waitsForCaller: false,
};
