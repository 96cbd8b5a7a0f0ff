import { IconHeadset } from '@tabler/icons-react';
import type { DesignerNode } from '../designerNode.ts';
import { HandoffBody } from './Body.tsx';
import { HandoffInspector } from './Inspector.tsx';

export const handoffDesigner: DesignerNode<'handoff'> = {
  icon: IconHeadset,
  color: 'pink',
  Body: HandoffBody,
  Inspector: HandoffInspector,
  create: () => ({ queue: 'support-{{caller.locale}}', prompt: {} }),
};
