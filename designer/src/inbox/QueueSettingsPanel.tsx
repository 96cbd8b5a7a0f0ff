import { useState, type FormEvent } from 'react';
import { Accordion, Button, Group, NativeSelect, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { QueueSettings } from '@griot/flows';
import { QueueSettingsForm } from './QueueSettingsForm.tsx';
import { defaultSettings } from './queueSettingsDraft.ts';
import { queueLabel } from './queueLabel.ts';
import { useInbox } from './useInbox.ts';
import { useUser } from '../app/sessionStore.ts';
import { Bdi } from '../i18n/Bdi.tsx';

/** "callback after 5 min 30 s · opening hours · Africa/Porto-Novo · 2 holidays" */
function summaryOf(t: TFunction, s: QueueSettings): string {
  const minutes = Math.floor(s.callbackAfterSeconds / 60);
  const seconds = s.callbackAfterSeconds % 60;
  const wait = minutes && seconds ? t('supervision.minutesSeconds', { minutes, seconds }) : minutes ? t('supervision.onlyMinutes', { minutes }) : t('supervision.onlySeconds', { seconds });
  const parts = [t('supervision.summaryAfter', { wait }), Object.keys(s.weeklyHours).length ? t('supervision.summaryHours') : t('supervision.summaryAlways'), s.timezone];
  if (s.holidays.length) parts.push(t('supervision.summaryHolidays', { count: s.holidays.length }));
  return parts.join(' · ');
}

/**
 * The queues' settings: one collapsible form per queue the inbox knows (those with settings,
 * contacts or callbacks, and the names the flows' handoff nodes can hand over to), and a pick-list
 * of those names to open one. Only an admin may also type a name no flow produces yet (a queue a
 * flow about to be published will use): anyone else would only open a queue nobody is sent to.
 */
export function QueueSettingsPanel() {
  const { t } = useTranslation();
  const names = useInbox((s) => s.queueNames);
  const settings = useInbox((s) => s.settings);
  const [extra, setExtra] = useState<string[]>([]);
  const [opened, setOpened] = useState<string[]>([]);
  const [other, setOther] = useState('');
  const [picked, setPicked] = useState('');
  const admin = !!useUser()?.roles.includes('admin');
  const queues = [...new Set([...names, ...extra])].sort();
  const known = Object.values(settings);
  const open = (name: string) => {
    setExtra((e) => (e.includes(name) ? e : [...e, name]));
    setOpened((o) => (o.includes(name) ? o : [...o, name]));
  };
  const openPicked = (event: FormEvent) => {
    event.preventDefault();
    if (picked) open(picked);
  };
  const openOther = (event: FormEvent) => {
    event.preventDefault();
    const name = other.trim();
    if (!name) return;
    open(name);
    setOther('');
  };
  return (
    <>
      <Accordion multiple value={opened} onChange={setOpened} variant="separated" className="queue-settings">
        {queues.map((queue) => {
          const server = settings[queue] ?? defaultSettings(queue, known);
          return (
            <Accordion.Item key={queue} value={queue} data-queue={queue}>
              <Accordion.Control>
                <strong>
                  <Bdi>{queueLabel(queue, server)}</Bdi>
                </strong>{' '}
                {server.displayName?.trim() && (
                  <Text span size="sm" c="dimmed" className="queue-id">
                    (<Bdi>{queue}</Bdi>){' '}
                  </Text>
                )}
                <Text span size="sm" c="dimmed" className="settings-summary">
                  · {summaryOf(t, server)}
                </Text>
              </Accordion.Control>
              <Accordion.Panel>
                <QueueSettingsForm queue={queue} server={server} />
              </Accordion.Panel>
            </Accordion.Item>
          );
        })}
      </Accordion>
      <form onSubmit={openPicked}>
        <Group align="flex-end" gap="xs" mt="md">
          <NativeSelect
            label={t('supervision.otherQueue')}
            value={picked}
            onChange={(e) => setPicked(e.currentTarget.value)}
            data={[{ value: '', label: t('supervision.pickQueue') }, ...names.map((name) => ({ value: name, label: name }))]}
            data-field="pick-queue"
          />
          <Button type="submit" variant="default" disabled={picked === ''}>
            {t('supervision.openSettings')}
          </Button>
        </Group>
      </form>
      {admin && (
        <form onSubmit={openOther}>
          <Group align="flex-end" gap="xs" mt="xs">
            <TextInput
              label={t('supervision.newQueue')}
              description={t('supervision.newQueueHint')}
              value={other}
              onChange={(e) => setOther(e.currentTarget.value)}
              maxLength={200}
              autoComplete="off"
              spellCheck={false}
              data-field="new-queue"
            />
            <Button type="submit" variant="default" disabled={other.trim() === ''}>
              {t('supervision.openSettings')}
            </Button>
          </Group>
        </form>
      )}
    </>
  );
}
