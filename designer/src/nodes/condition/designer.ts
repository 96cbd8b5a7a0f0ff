import { IconArrowsSplit } from '@tabler/icons-react';
import type { DesignerNode } from '../designerNode.ts';
import { ConditionBody } from './Body.tsx';
import { ConditionInspector } from './Inspector.tsx';
import { describeBranch } from './describeBranch.ts';

export const conditionDesigner: DesignerNode<'condition'> = {
  icon: IconArrowsSplit,
  color: 'yellow',
  Body: ConditionBody,
  Inspector: ConditionInspector,
  create: () => ({
    branches: [{ id: 'whatsapp', label: 'WhatsApp', rules: [{ variable: 'caller.lastChannel', operator: 'eq', value: 'whatsapp' }] }],
  }),
  outputLabel(node, output) {
    const branch = node.branches.find((b) => b.id === output);
    return branch ? branch.label || describeBranch(branch) : undefined;
  },
};
