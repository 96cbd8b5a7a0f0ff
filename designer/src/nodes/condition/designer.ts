import { ownOutputLabel } from '@griot/flows';
import { IconArrowsSplit } from '@tabler/icons-react';
import type { DesignerNode } from '../designerNode.ts';
import { ConditionBody } from './Body.tsx';
import { ConditionInspector } from './Inspector.tsx';

export const conditionDesigner: DesignerNode<'condition'> = {
  icon: IconArrowsSplit,
  color: 'yellow',
  Body: ConditionBody,
  Inspector: ConditionInspector,
  create: () => ({
    branches: [{ id: 'whatsapp', label: 'WhatsApp', rules: [{ variable: 'caller.lastChannel', operator: 'eq', value: 'whatsapp' }] }],
  }),
  outputLabel: ownOutputLabel,
};
