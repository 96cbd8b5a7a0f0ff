import { ActionIcon, Badge, Button, Group, Tooltip } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

interface Props {
  onReviewed(): void;
  /** An icon instead of a labelled button (table cells). */
  compact?: boolean;
  readOnly?: boolean;
  /** What was suggested, when more than one text (an intent's label and examples). */
  hint?: string;
}

/** "To review" on a suggested translation, with the action that accepts it. */
export function ReviewMark({ onReviewed, compact = false, readOnly = false, hint }: Props) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="nowrap" data-review-mark>
      <Tooltip label={hint ?? t('suggest.toReviewHint')} multiline w={260}>
        <Badge size="xs" color="orange" variant="light">
          {t('suggest.toReview')}
        </Badge>
      </Tooltip>
      {!readOnly &&
        (compact ? (
          <Tooltip label={t('suggest.markReviewed')}>
            <ActionIcon size="xs" variant="subtle" color="teal" aria-label={t('suggest.markReviewed')} onClick={onReviewed}>
              <IconCheck size={12} />
            </ActionIcon>
          </Tooltip>
        ) : (
          <Button size="compact-xs" variant="subtle" color="teal" leftSection={<IconCheck size={12} />} onClick={onReviewed}>
            {t('suggest.markReviewed')}
          </Button>
        ))}
    </Group>
  );
}
