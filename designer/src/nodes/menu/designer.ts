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
  outputLabel(node, output, locale, fallbackLocale) {
    const option = node.options.find((o) => o.id === output);
    if (!option) return undefined;
    const label = option.label[locale]?.trim() || option.label[fallbackLocale]?.trim() || option.id;
    return `${option.key} · ${label}`;
  },
};
