import { IconPhoneOff } from '@tabler/icons-react';
import type { DesignerNode } from '../designerNode.ts';
import { EndBody } from './Body.tsx';
import { EndInspector } from './Inspector.tsx';

export const endDesigner: DesignerNode<'end'> = {
  icon: IconPhoneOff,
  color: 'red',
  Body: EndBody,
  Inspector: EndInspector,
  create: () => ({ prompt: {}, reason: 'completed' }),
};
