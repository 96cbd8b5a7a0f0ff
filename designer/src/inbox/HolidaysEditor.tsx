import { useState } from 'react';
import { Button, Fieldset, Group, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { MAX_HOLIDAYS } from './queueSettingsDraft.ts';

interface Props {
  inputId: string;
  dates: string[];
  invalid: boolean;
  errorId: string;
  onChange(dates: string[]): void;
}

/** A calendar day in words: "vendredi 25 décembre 2026". */
export function longDate(day: string, language: string): string {
  return new Date(`${day}T12:00:00Z`).toLocaleDateString(language, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** Days the queue is closed all day: the dates in order, each with a button to remove it, and a date field to add one. */
export function HolidaysEditor({ inputId, dates, invalid, errorId, onChange }: Props) {
  const { t, i18n } = useTranslation();
  const [date, setDate] = useState('');
  const add = () => {
    if (!date) return document.getElementById(inputId)?.focus();
    if (!dates.includes(date)) onChange([...dates, date].sort());
    setDate('');
    document.getElementById(inputId)?.focus();
  };
  const remove = (day: string, index: number) => {
    onChange(dates.filter((d) => d !== day));
    // The keyboard stays in the list: on the next date's button, else the date field.
    requestAnimationFrame(() => {
      const buttons = document.querySelectorAll<HTMLButtonElement>(`[data-holidays="${inputId}"] button`);
      (buttons[index] ?? document.getElementById(inputId))?.focus();
    });
  };
  return (
    <Fieldset legend={t('supervision.holidays')} className="holidays">
      {dates.length === 0 ? (
        <Text size="xs" c="dimmed">
          {t('inbox.none')}
        </Text>
      ) : (
        <ul className="holiday-list" data-holidays={inputId}>
          {dates.map((day, index) => (
            <li key={day} data-date={day}>
              <time dateTime={day}>{longDate(day, i18n.language)}</time>{' '}
              <Button size="compact-xs" variant="subtle" onClick={() => remove(day, index)} aria-label={t('supervision.removeHoliday', { date: longDate(day, i18n.language) })}>
                {t('common.remove')}
              </Button>
            </li>
          ))}
        </ul>
      )}
      <Group gap="xs" align="flex-end" mt="xs">
        <TextInput
          id={inputId}
          type="date"
          size="xs"
          label={t('supervision.holidayDate')}
          value={date}
          onChange={(e) => setDate(e.currentTarget.value)}
          onKeyDown={(e) => {
            // Enter adds the date rather than saving the whole form.
            if (e.key !== 'Enter') return;
            e.preventDefault();
            add();
          }}
          {...(invalid ? { error: true, 'aria-errormessage': errorId } : {})}
        />
        <Button size="xs" variant="default" onClick={add} disabled={dates.length >= MAX_HOLIDAYS}>
          {t('supervision.addHoliday')}
        </Button>
      </Group>
    </Fieldset>
  );
}
