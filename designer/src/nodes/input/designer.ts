import { IconForms } from '@tabler/icons-react';
import type { DesignerNode } from '../designerNode.ts';
import { InputBody } from './Body.tsx';
import { InputInspector } from './Inspector.tsx';

export const inputDesigner: DesignerNode<'input'> = {
  icon: IconForms,
  color: 'cyan',
  Body: InputBody,
  Inspector: InputInspector,
  create: () => ({ kind: 'digits', variable: 'answer', prompt: {} }),
};
