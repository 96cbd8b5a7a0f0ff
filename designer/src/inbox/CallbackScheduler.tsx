import { useId, useState, type FormEvent } from 'react';
import { Button, Group, Popover, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { HandoffContact } from '@griot/flows';
import { inboxSync } from './inboxSync.ts';
import { callbackCallAt, type CallbackWhen } from './callbackTime.ts';
import { defaultSettings } from './queueSettingsDraft.ts';
import { useServerNow } from './serverClock.ts';
import { useInbox } from './useInbox.ts';

type Day = CallbackWhen['day'];

/**
 * "Offer a callback": the agent tells the subscriber when they will be called back, as soon as
 * possible or today or tomorrow at a time of the queue's zone, and the request keeps it. A time
 * already past, or when the queue is closed (its hours, a holiday), is refused here in words
 * before the server would.
 */
export function CallbackScheduler({ contact, due }: { contact: HandoffContact; due: boolean }) {
  const { t } = useTranslation();
  const prefix = useId().replace(/:/g, '');
  const stored = useInbox((s) => s.settings[contact.queue]);
  const settings = stored ?? defaultSettings(contact.queue, []);
  const [opened, setOpened] = useState(false);
  const [day, setDay] = useState<Day>('asap');
  const [time, setTime] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const now = useServerNow(opened);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const when: CallbackWhen = day === 'asap' ? { day } : { day, time };
    const read = callbackCallAt(when, now, settings);
    if ('problem' in read) return setProblem(t(`inbox.schedule.problems.${read.problem}`));
    setProblem(null);
    setBusy(true);
    try {
      if (await inboxSync.act(contact.id, { kind: 'callback', ...read })) setOpened(false);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Popover opened={opened} onChange={setOpened} trapFocus returnFocus position="bottom-start" withArrow shadow="md">
      <Popover.Target>
        <Button variant={due ? 'filled' : 'default'} color={due ? 'orange' : undefined} onClick={() => setOpened((o) => !o)} aria-expanded={opened}>
          {t('inbox.callbackOffer')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <form aria-label={t('inbox.schedule.title')} noValidate onSubmit={(e) => void submit(e)} className="callback-scheduler">
          <Stack gap="xs">
            <Radio.Group
              label={t('inbox.schedule.when')}
              value={day}
              onChange={(v) => {
                setDay(v as Day);
                setProblem(null);
              }}
            >
              <Group gap="sm" mt={4}>
                <Radio value="asap" label={t('inbox.schedule.asap')} />
                <Radio value="today" label={t('inbox.schedule.today')} />
                <Radio value="tomorrow" label={t('inbox.schedule.tomorrow')} />
              </Group>
            </Radio.Group>
            {day !== 'asap' && (
              <TextInput
                id={`${prefix}-time`}
                type="time"
                step={300}
                w={160}
                label={t('inbox.schedule.time')}
                description={t('inbox.schedule.zone', { zone: settings.timezone })}
                value={time}
                onChange={(e) => {
                  setTime(e.currentTarget.value);
                  setProblem(null);
                }}
                error={problem ? true : undefined}
                aria-errormessage={problem ? `${prefix}-problem` : undefined}
              />
            )}
            <div id={`${prefix}-problem`} role="alert">
              {problem && (
                <Text size="sm" c="red">
                  {problem}
                </Text>
              )}
            </div>
            <Group gap="xs">
              <Button type="submit" loading={busy}>
                {t('inbox.schedule.confirm')}
              </Button>
              <Button variant="default" onClick={() => setOpened(false)}>
                {t('inbox.schedule.cancel')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Popover.Dropdown>
    </Popover>
  );
}
