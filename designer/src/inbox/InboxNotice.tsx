import { Alert } from '@mantine/core';
import { IconAlertCircle, IconPlugConnectedX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { describeApiError } from '../errors/describeApiError.ts';
import { inboxSync } from './inboxSync.ts';
import { useInbox } from './useInbox.ts';

/** What went wrong, above the inbox: an action the server refused (in the user's words), or the live updates lost. */
export function InboxNotice() {
  const { t } = useTranslation();
  const notice = useInbox((s) => s.notice);
  if (!notice) return null;
  const connection = notice.kind === 'connection';
  return (
    <Alert
      className="inbox-notice"
      role="alert"
      color={connection ? 'orange' : 'red'}
      icon={connection ? <IconPlugConnectedX size={16} /> : <IconAlertCircle size={16} />}
      withCloseButton={!connection}
      onClose={() => inboxSync.dismissNotice()}
      mb="sm"
    >
      {/* Described again at each render: a change of language translates it too. */}
      {connection ? t('inbox.connection') : describeApiError(t, notice.error.status, notice.error.body)}
    </Alert>
  );
}
