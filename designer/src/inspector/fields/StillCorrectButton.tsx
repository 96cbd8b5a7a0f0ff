import { Button } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useLint } from '../../checks/lintStore.ts';
import { documentActions } from '../../store/documentStore.ts';

/**
 * « Toujours correct » under a translation or recording made from an earlier text of the first
 * language (lint `translation.stale`): the editor who just fixed a typo in French confirms the
 * English and the Fon where they read the warning, not only in the Traductions tab.
 */
export function StillCorrectButton({ nodeId, field, code, language }: { nodeId: string; field: string; code: string; language: string }) {
  const { t } = useTranslation();
  const stale = useLint((s) => s.issues.some((i) => i.code === 'translation.stale' && i.node === nodeId && i.field === `${field}.${code}`));
  if (!stale) return null;
  return (
    <Button
      size="compact-xs"
      variant="subtle"
      color="teal"
      leftSection={<IconCheck size={12} />}
      data-action="confirm-translation"
      aria-label={t('stale.confirmIn', { language })}
      style={{ alignSelf: 'flex-start' }}
      onClick={() => documentActions().confirmTranslation(nodeId, field, code)}
    >
      {t('stale.confirm')}
    </Button>
  );
}
