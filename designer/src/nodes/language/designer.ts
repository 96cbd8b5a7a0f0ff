import { IconLanguage } from '@tabler/icons-react';
import type { DesignerNode } from '../designerNode.ts';
import { LanguageBody } from './Body.tsx';
import { LanguageInspector } from './Inspector.tsx';

export const languageDesigner: DesignerNode<'language'> = {
  icon: IconLanguage,
  color: 'grape',
  Body: LanguageBody,
  Inspector: LanguageInspector,
  create: ({ locales }) => ({ prompt: {}, options: locales.map((locale, i) => ({ locale, key: String((i + 1) % 10) })) }),
};
