import { IconPlayerPlayFilled } from '@tabler/icons-react';
import type { DesignerNode } from '../designerNode.ts';
import { StartInspector } from './Inspector.tsx';

export const startDesigner: DesignerNode<'start'> = {
  icon: IconPlayerPlayFilled,
  color: 'green',
  Inspector: StartInspector,
  create: () => ({}),
};
