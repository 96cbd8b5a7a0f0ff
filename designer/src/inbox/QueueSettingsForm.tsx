import { useEffect, useId, useState, type FormEvent } from 'react';
import { Alert, Button, Fieldset, Group, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { QueueSettings } from '@griot/flows';
import { ApiError } from '../api/client.ts';
import { inboxSync } from './inboxSync.ts';
import { HolidaysEditor } from './HolidaysEditor.tsx';
import { WeeklyHoursEditor } from './WeeklyHoursEditor.tsx';
import { queueLabel } from './queueLabel.ts';
import { useInbox } from './useInbox.ts';
import { SUGGESTED_ZONES, bodyOf, defaultSettings, draftOf, leaveAlwaysOpen, problemAt, type DraftProblem, type SettingsDraft } from './queueSettingsDraft.ts';

/** What is wrong, next to the form: a field and its rule, or the server's refusal in the user's words. */
type Problem = (DraftProblem & { message?: undefined }) | { message: string; field?: undefined };

/** The input a problem points at, so that the keyboard goes there. */
function inputIdOf(prefix: string, problem: DraftProblem): string {
  if (problem.field === 'displayName') return `${prefix}-display-name`;
  if (problem.field === 'callbackAfterSeconds') return `${prefix}-minutes`;
  if (problem.field === 'timezone') return `${prefix}-timezone`;
  if (problem.field === 'holidays') return `${prefix}-holiday`;
  if (problem.field === 'whenClosed') return `${prefix}-closed-message`;
  if (!problem.day) return `${prefix}-always`;
  if (problem.index === undefined) return `${prefix}-${problem.day}-add`;
  return `${prefix}-${problem.day}-${problem.index}-${problem.which ?? 'open'}`;
}

/**
 * One queue's settings (PUT /api/agent/queues/:queue/settings): when to offer a callback, the
 * time zone, opening hours, holidays, and what a caller gets when the queue is closed. What the
 * supervisor types survives live updates: the form is refilled only while untouched, and
 * otherwise says who changed the settings meanwhile. A refusal is shown next to the form, on the
 * field at fault, in the user's language.
 */
export function QueueSettingsForm({ queue, server }: { queue: string; server: QueueSettings }) {
  const { t, i18n } = useTranslation();
  const prefix = useId().replace(/:/g, '');
  const errorId = `${prefix}-error`;
  const [filled, setFilled] = useState(server);
  const [draft, setDraft] = useState<SettingsDraft>(() => draftOf(server));
  const [dirty, setDirty] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [saved, setSaved] = useState(false);
  const [removed, setRemoved] = useState(false);
  const [busy, setBusy] = useState(false);
  const settings = useInbox((s) => s.settings);

  // The server's newer settings fill the form unless the supervisor is editing it.
  const newer = server.updatedAt > filled.updatedAt;
  useEffect(() => {
    if (newer && !dirty) {
      setFilled(server);
      setDraft(draftOf(server));
    }
  }, [newer, dirty, server]);

  const invalidId = problem && problem.field !== undefined ? inputIdOf(prefix, problem) : null;
  useEffect(() => {
    if (invalidId) document.getElementById(invalidId)?.focus();
  }, [invalidId, problem]);

  const edit = (change: Partial<SettingsDraft> | ((d: SettingsDraft) => SettingsDraft)) => {
    setDraft((d) => (typeof change === 'function' ? change(d) : { ...d, ...change }));
    setDirty(true);
    setSaved(false);
    setRemoved(false);
  };

  const revert = () => {
    setProblem(null);
    setFilled(server);
    setDraft(draftOf(server));
    setDirty(false);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const read = bodyOf(draft, filled);
    if ('problem' in read) return setProblem(read.problem);
    setBusy(true);
    try {
      const settings = await inboxSync.saveSettings(queue, read.body);
      setFilled(settings);
      setDraft(draftOf(settings));
      setDirty(false);
      setSaved(true);
    } catch (error) {
      const at = error instanceof ApiError && error.status === 400 && error.body.error?.field ? problemAt(error.body.error.field) : null;
      setProblem(at ?? { message: (error as Error).message });
    } finally {
      setBusy(false);
    }
  };

  /** Back to a queue without settings (DELETE …/settings), once the supervisor has read what that means. */
  const remove = async () => {
    // What the server applies to a queue without settings: its own time zone, which a queue never set up shows.
    const defaults = defaultSettings(queue, Object.values(settings));
    const serverZone = Object.values(settings).find((s) => s.updatedBy === 'default')?.timezone;
    const zone = serverZone ? t('supervision.removeZone', { timezone: serverZone }) : t('supervision.removeZoneUnknown');
    if (!window.confirm(t('supervision.removeConfirm', { queue: queueLabel(queue, server), zone }))) return;
    setProblem(null);
    setBusy(true);
    try {
      await inboxSync.removeSettings(queue, defaults);
      setFilled(defaults);
      setDraft(draftOf(defaults));
      setDirty(false);
      setSaved(false);
      setRemoved(true);
    } catch (error) {
      setProblem({ message: (error as Error).message });
    } finally {
      setBusy(false);
    }
  };

  const problemText = (() => {
    if (!problem) return '';
    if (problem.message !== undefined) return problem.message;
    const field =
      problem.field === 'weeklyHours' && problem.day
        ? t('supervision.dayField', { field: t('supervision.fields.weeklyHours'), day: t(`supervision.days.${problem.day}`) })
        : t(`supervision.fields.${problem.field}`);
    return t('supervision.fieldProblem', { field, problem: t(problem.rule ? `supervision.${problem.rule}` : `supervision.rules.${problem.field}`) });
  })();
  // Mantine sets aria-invalid from `error`; the words are in the alert below the form.
  const invalid = (id: string) => (invalidId === id ? { error: true, 'aria-errormessage': errorId } : {});
  const zones = [...new Set([...SUGGESTED_ZONES, ...(typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [])])];
  const status = saved
    ? t('supervision.saved', { queue })
    : removed
      ? t('supervision.removed', { queue })
      : server.updatedBy === 'default'
        ? t('supervision.defaults')
        : t('supervision.savedBy', { who: server.updatedBy, when: new Date(server.updatedAt).toLocaleString(i18n.language, { dateStyle: 'short', timeStyle: 'short' }) });

  return (
    <form aria-label={queue} noValidate onSubmit={(e) => void save(e)} className="settings-form" data-queue={queue}>
      <Stack gap="sm">
        <TextInput
          id={`${prefix}-display-name`}
          label={t('supervision.displayName')}
          description={t('supervision.displayNameHint', { queue })}
          maxLength={80}
          placeholder={queue}
          value={draft.displayName}
          onChange={(e) => edit({ displayName: e.currentTarget.value })}
          {...invalid(`${prefix}-display-name`)}
        />
        <Fieldset legend={t('supervision.threshold')} aria-describedby={`${prefix}-after`}>
          <Group gap="sm">
            <TextInput
              id={`${prefix}-minutes`}
              type="number"
              min={0}
              max={1440}
              step={1}
              inputMode="numeric"
              w={110}
              label={t('supervision.minutes')}
              value={draft.minutes}
              onChange={(e) => edit({ minutes: e.currentTarget.value })}
              {...invalid(`${prefix}-minutes`)}
            />
            <TextInput
              id={`${prefix}-seconds`}
              type="number"
              min={0}
              max={59}
              step={1}
              inputMode="numeric"
              w={110}
              label={t('supervision.seconds')}
              value={draft.seconds}
              onChange={(e) => edit({ seconds: e.currentTarget.value })}
            />
          </Group>
          <Text size="xs" c="dimmed" mt={4} id={`${prefix}-after`}>
            {t('supervision.thresholdHint')}
          </Text>
        </Fieldset>
        <TextInput
          id={`${prefix}-timezone`}
          label={t('supervision.timezone')}
          description={t('supervision.timezoneHint')}
          list={`${prefix}-zones`}
          autoComplete="off"
          spellCheck={false}
          placeholder="Africa/Porto-Novo"
          value={draft.timezone}
          onChange={(e) => edit({ timezone: e.currentTarget.value })}
          {...invalid(`${prefix}-timezone`)}
        />
        <datalist id={`${prefix}-zones`}>
          {zones.map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
        <WeeklyHoursEditor
          idPrefix={prefix}
          alwaysOpen={draft.alwaysOpen}
          days={draft.days}
          invalidId={invalidId}
          errorId={errorId}
          onAlwaysOpen={(always) => edit((d) => (always ? { ...d, alwaysOpen: true } : leaveAlwaysOpen(d)))}
          onDays={(days) => edit({ days })}
        />
        <HolidaysEditor inputId={`${prefix}-holiday`} dates={draft.holidays} invalid={invalidId === `${prefix}-holiday`} errorId={errorId} onChange={(holidays) => edit({ holidays })} />
        <Radio.Group label={t('supervision.whenClosed')} value={draft.whenClosed} onChange={(v) => edit({ whenClosed: v === 'callback' ? 'callback' : 'message' })}>
          <Stack gap={6} mt={6}>
            <Radio id={`${prefix}-closed-message`} value="message" label={t('supervision.whenClosedMessage')} {...invalid(`${prefix}-closed-message`)} />
            <Radio value="callback" label={t('supervision.whenClosedCallback')} />
          </Stack>
        </Radio.Group>
        {dirty && newer && (
          <Alert color="orange" variant="light" p="xs" className="note">
            {t('supervision.changedMeanwhile', { who: server.updatedBy })}
          </Alert>
        )}
        <div id={errorId} role="alert" className="settings-error">
          {problemText && (
            <Text size="sm" c="red">
              {problemText}
            </Text>
          )}
        </div>
        <Group gap="xs">
          <Button type="submit" loading={busy}>
            {t('supervision.save')}
          </Button>
          <Button variant="default" onClick={revert}>
            {t('supervision.revert')}
          </Button>
          {server.updatedBy !== 'default' && (
            <Button variant="default" color="red" disabled={busy} onClick={() => void remove()} data-action="remove-settings">
              {t('supervision.removeSettings')}
            </Button>
          )}
        </Group>
        <Text size="xs" c="dimmed" role="status">
          {status}
        </Text>
      </Stack>
    </form>
  );
}
