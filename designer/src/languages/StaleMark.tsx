import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { TranslationCell } from './translationRows.ts';

interface Props {
  stale: NonNullable<TranslationCell['stale']>;
  /** The first language's text now. */
  source: string;
  /** The earlier first-language texts it was made from, when found (this session, published versions). */
  earlier: string[];
  readOnly: boolean;
  onConfirm(): void;
}

/**
 * "Needs review" on a translation or recording made from an earlier first-language text: what
 * that text was and what it is now, and the action that says the translation still fits.
 */
export function StaleMark({ stale, source, earlier, readOnly, onConfirm }: Props) {
  const { t } = useTranslation();
  const what = stale.text && stale.audio ? 'both' : stale.text ? 'text' : 'audio';
  return (
    <Stack gap={2} mt={4} className="stale-mark" data-stale-what={what}>
      <Group gap={4} wrap="wrap">
        <Badge size="xs" color="grape" variant="light" style={{ flexShrink: 0 }}>
          {t('stale.mark')}
        </Badge>
        <Text size="xs" c="dimmed">
          {t(`stale.what.${what}`)}
        </Text>
      </Group>
      <Text size="xs" className="stale-sources">
        <Text span size="xs" c="dimmed">
          {t('stale.earlierLabel')}{' '}
        </Text>
        {earlier.length > 0 ? (
          earlier.map((text) => (
            <span key={text} className="diff-before" data-stale-before>
              {text}
            </span>
          ))
        ) : (
          <span className="stale-unknown">{t('stale.earlierUnknown')}</span>
        )}
      </Text>
      <Text size="xs" className="stale-sources">
        <Text span size="xs" c="dimmed">
          {t('stale.nowLabel')}{' '}
        </Text>
        <span className="diff-after" data-stale-after>
          {source}
        </span>
      </Text>
      {!readOnly && (
        <Button size="compact-xs" variant="subtle" color="teal" leftSection={<IconCheck size={12} />} onClick={onConfirm} data-action="confirm-translation" style={{ alignSelf: 'flex-start' }}>
          {t('stale.confirm')}
        </Button>
      )}
    </Stack>
  );
}
