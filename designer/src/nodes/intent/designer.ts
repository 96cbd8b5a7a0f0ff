import { ownOutputLabel } from '@griot/flows';
import { IconBrain } from '@tabler/icons-react';
import type { DesignerNode } from '../designerNode.ts';
import { IntentBody } from './Body.tsx';
import { IntentInspector } from './Inspector.tsx';

export const intentDesigner: DesignerNode<'intent'> = {
  icon: IconBrain,
  color: 'violet',
  Body: IntentBody,
  Inspector: IntentInspector,
  create: () => ({
    prompt: {},
    intents: [
      { id: 'balance', label: { fr: 'Solde', en: 'Balance' }, examples: { fr: ['mon solde', 'combien il me reste'], en: ['my balance'] } },
      { id: 'agent', label: { fr: 'Conseiller', en: 'Agent' }, examples: { fr: ['parler à quelqu’un', 'un conseiller'], en: ['talk to someone'] } },
    ],
  }),
  outputLabel: ownOutputLabel,
};
