import { IconArrowForwardUp } from '@tabler/icons-react';
import type { DesignerNode } from '../designerNode.ts';
import { GotoBody } from './Body.tsx';
import { GotoInspector } from './Inspector.tsx';

export const gotoDesigner: DesignerNode<'goto'> = {
  icon: IconArrowForwardUp,
  color: 'teal',
  Body: GotoBody,
  Inspector: GotoInspector,
  create: ({ nodeIds }) => ({ target: nodeIds.find((id) => id !== 'start') ?? nodeIds[0] ?? 'start' }),
};
