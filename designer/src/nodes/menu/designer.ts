import { ownOutputLabel } from '@griot/flows';
import { IconListNumbers } from '@tabler/icons-react';
import type { DesignerNode } from '../designerNode.ts';
import { MenuBody } from './Body.tsx';
import { MenuInspector } from './Inspector.tsx';

export const menuDesigner: DesignerNode<'menu'> = {
  icon: IconListNumbers,
  color: 'indigo',
  Body: MenuBody,
  Inspector: MenuInspector,
  create: () => ({
    prompt: {},
    options: [
      { id: 'o1', key: '1', label: {} },
      { id: 'o2', key: '2', label: {} },
    ],
  }),
  outputLabel: ownOutputLabel,
};
