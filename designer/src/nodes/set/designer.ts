import { IconVariable } from '@tabler/icons-react';
import type { DesignerNode } from '../designerNode.ts';
import { SetBody } from './Body.tsx';
import { SetInspector } from './Inspector.tsx';

export const setDesigner: DesignerNode<'set'> = {
  icon: IconVariable,
  color: 'gray',
  Body: SetBody,
  Inspector: SetInspector,
  create: () => ({ assignments: [{ variable: 'attempts', expression: '0' }] }),
};
