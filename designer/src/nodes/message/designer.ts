import { IconMessage } from '@tabler/icons-react';
import type { DesignerNode } from '../designerNode.ts';
import { MessageBody } from './Body.tsx';
import { MessageInspector } from './Inspector.tsx';

export const messageDesigner: DesignerNode<'message'> = {
  icon: IconMessage,
  color: 'blue',
  Body: MessageBody,
  Inspector: MessageInspector,
  create: () => ({ prompt: {} }),
};
