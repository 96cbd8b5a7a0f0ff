import { IconMoodSmile } from '@tabler/icons-react';
import type { DesignerNode } from '../designerNode.ts';
import { SurveyBody } from './Body.tsx';
import { SurveyInspector } from './Inspector.tsx';

export const surveyDesigner: DesignerNode<'survey'> = {
  icon: IconMoodSmile,
  color: 'yellow',
  Body: SurveyBody,
  Inspector: SurveyInspector,
  create: () => ({ prompt: {}, scale: 5 }),
};
