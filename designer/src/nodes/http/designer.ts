import { IconCloudDataConnection } from '@tabler/icons-react';
import type { DesignerNode } from '../designerNode.ts';
import { HttpBody } from './Body.tsx';
import { HttpInspector } from './Inspector.tsx';

export const httpDesigner: DesignerNode<'http'> = {
  icon: IconCloudDataConnection,
  color: 'orange',
  Body: HttpBody,
  Inspector: HttpInspector,
  create: () => ({ method: 'GET', backend: 'operator', url: '/subscribers/{{caller.number}}' }),
};
