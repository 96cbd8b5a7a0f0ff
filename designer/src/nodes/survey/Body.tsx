import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { BodyProps } from '../designerNode.ts';
import { PromptPreview } from '../shared/PromptPreview.tsx';

/** The question and its scale; the answer goes out through `answered`. */
export function SurveyBody({ node, locale, fallbackLocale }: BodyProps<'survey'>) {
  const { t } = useTranslation();
  return (
    <>
      <PromptPreview prompt={node.prompt} locale={locale} fallbackLocale={fallbackLocale} />
      <Text size="xs" c="dimmed">
        {t('nodes.survey.scaleOf', { scale: node.scale })}
      </Text>
    </>
  );
}
