import type { NodeDefinition } from '../definition.ts';

export const startNode: NodeDefinition<'start'> = {
  outputs: () => ['next'],
  enter: () => ({ output: 'next' }),
  waitsForCaller: false,
};
