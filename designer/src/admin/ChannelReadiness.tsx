import { useEffect, useState } from 'react';
import { Alert, Code, List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';

export interface ChannelReadinessView {
  channel: 'voice' | 'whatsapp' | 'ussd' | 'sms' | 'telegram' | 'messenger' | 'botframework' | 'webchat';
  ready: boolean;
  missing: string[];
  notes: string[];
  /** SMS, once configured: the SMPP link to the SMSC now. */
  link?: 'up' | 'connecting' | 'down';
  urls: Record<string, string>;
}

/**
 * Whether each channel the bindings use can receive (GET /api/bindings/readiness, admins): « prêt »,
 * or the variables operations must set (names only, never a value), and the addresses to give the
 * platform (USSD: the callback and events URLs with `?token=`; Telegram and Messenger their webhook,
 * Bot Framework its messaging endpoint, web chat its page); SMS: whether the SMPP link is up.
 */
export function ChannelReadiness({ channels }: { channels: readonly string[] }) {
  const { t } = useTranslation();
  const [readiness, setReadiness] = useState<ChannelReadinessView[] | null>(null);
  useEffect(() => {
    api<ChannelReadinessView[]>('/api/bindings/readiness').then(setReadiness, () => setReadiness(null));
  }, []);
  const shown = (readiness ?? []).filter((r) => channels.includes(r.channel));
  if (shown.length === 0) return null;
  return (
    <div className="channel-readiness" data-channel-readiness>
      {shown.map((r) => (
        <Alert key={r.channel} color={r.ready && r.missing.length === 0 ? 'teal' : r.ready ? 'yellow' : 'red'} variant="light" mb="sm" p="xs" data-readiness={r.channel} data-ready={r.ready}>
          <Text size="sm" fw={600}>
            {t(`admin.channels.${r.channel}.name`)} : {r.ready ? (r.missing.length ? t('admin.readiness.partly') : t('admin.readiness.ready')) : t('admin.readiness.notReady')}
          </Text>
          {r.missing.length > 0 && <Text size="sm">{t(`admin.readiness.missing.${r.channel}`, { variables: r.missing.join(', ') })}</Text>}
          {r.notes.map((note) => (
            <Text size="sm" key={note}>
              {t([`admin.readiness.notes.${note}_${r.channel}`, `admin.readiness.notes.${note}`])}
            </Text>
          ))}
          {r.link && (
            <Text size="sm" data-readiness-link={r.link}>
              {t(`admin.readiness.link.${r.link}`)}
            </Text>
          )}
          {r.channel === 'sms' && r.link && <Text size="sm">{t('admin.readiness.nothingToGive')}</Text>}
          {Object.keys(r.urls).length > 0 && (
            <List size="sm" mt={4}>
              {Object.entries(r.urls).map(([kind, url]) => (
                <List.Item key={kind}>
                  {t(`admin.readiness.urls.${kind}`)} <Code data-readiness-url={kind}>{url}</Code>
                </List.Item>
              ))}
            </List>
          )}
        </Alert>
      ))}
    </div>
  );
}
