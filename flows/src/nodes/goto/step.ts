import type { NodeDefinition } from '../definition.ts';

export const gotoNode: NodeDefinition<'goto'> = {
  outputs: () => [],
  enter: (node) => ({ goto: node.target }),
  nodeReferences: (node) => [{ field: 'target', nodeId: node.target }],
  waitsForCaller: false,
};
