import { ActionIcon, Button, Checkbox, Fieldset, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Weekday } from '@griot/flows';
import { MAX_PERIODS, WEEKDAYS, WORKING_DAY, type PeriodDraft } from './queueSettingsDraft.ts';

interface Props {
  /** Prefix of the inputs' ids (`<prefix>-mon-0-close`), so that a problem can point at one. */
  idPrefix: string;
  alwaysOpen: boolean;
  days: Record<Weekday, PeriodDraft[]>;
  /** The id of the input at fault, if any. */
  invalidId: string | null;
  errorId: string;
  onAlwaysOpen(alwaysOpen: boolean): void;
  onDays(days: Record<Weekday, PeriodDraft[]>): void;
}

/**
 * A queue's opening hours: "always open", or per weekday any number of open–close periods (six
 * at most, as the API allows), none meaning closed that day. Closing at 00:00 means midnight.
 */
export function WeeklyHoursEditor({ idPrefix, alwaysOpen, days, invalidId, errorId, onAlwaysOpen, onDays }: Props) {
  const { t } = useTranslation();
  const setDay = (day: Weekday, periods: PeriodDraft[]) => onDays({ ...days, [day]: periods });
  const addPeriod = (day: Weekday) => {
    const periods = days[day];
    setDay(day, [...periods, periods.length ? { open: '', close: '' } : { ...WORKING_DAY }]);
    // The keyboard goes to the new period's opening time once it is drawn.
    requestAnimationFrame(() => document.getElementById(`${idPrefix}-${day}-${periods.length}-open`)?.focus());
  };
  const removePeriod = (day: Weekday, index: number) => {
    setDay(
      day,
      days[day].filter((_, i) => i !== index),
    );
    requestAnimationFrame(() => document.getElementById(`${idPrefix}-${day}-add`)?.focus());
  };
  // Mantine sets aria-invalid from `error`; the words are in the form's alert.
  const invalid = (id: string) => (invalidId === id ? { error: true, 'aria-errormessage': errorId } : {});
  return (
    <Fieldset legend={t('supervision.hours')} className="hours">
      <Checkbox id={`${idPrefix}-always`} label={t('supervision.alwaysOpen')} checked={alwaysOpen} onChange={(e) => onAlwaysOpen(e.currentTarget.checked)} {...invalid(`${idPrefix}-always`)} />
      <Text size="xs" c="dimmed" mt={4}>
        {t('supervision.hoursHint')}
      </Text>
      {!alwaysOpen && (
        <div className="days">
          {WEEKDAYS.map((day) => (
            <Fieldset key={day} legend={t(`supervision.days.${day}`)} className="day" data-day={day} variant="unstyled">
              <Stack gap={4}>
                {days[day].map((period, index) => (
                  <Group key={index} gap={6} align="flex-end" wrap="nowrap" className="period">
                    <TextInput
                      type="time"
                      size="xs"
                      id={`${idPrefix}-${day}-${index}-open`}
                      label={t('supervision.opens')}
                      value={period.open}
                      onChange={(e) =>
                        setDay(
                          day,
                          days[day].map((p, i) => (i === index ? { ...p, open: e.currentTarget.value } : p)),
                        )
                      }
                      {...invalid(`${idPrefix}-${day}-${index}-open`)}
                    />
                    <TextInput
                      type="time"
                      size="xs"
                      id={`${idPrefix}-${day}-${index}-close`}
                      label={t('supervision.closes')}
                      value={period.close}
                      onChange={(e) =>
                        setDay(
                          day,
                          days[day].map((p, i) => (i === index ? { ...p, close: e.currentTarget.value } : p)),
                        )
                      }
                      {...invalid(`${idPrefix}-${day}-${index}-close`)}
                    />
                    <ActionIcon variant="default" size="md" aria-label={t('supervision.removeInterval')} onClick={() => removePeriod(day, index)}>
                      <IconX size={14} />
                    </ActionIcon>
                  </Group>
                ))}
                {days[day].length === 0 && (
                  <Text size="xs" c="dimmed">
                    {t('supervision.closedDay')}
                  </Text>
                )}
                <Button id={`${idPrefix}-${day}-add`} size="compact-xs" variant="default" disabled={days[day].length >= MAX_PERIODS} onClick={() => addPeriod(day)} w="fit-content">
                  {t('supervision.addInterval')}
                </Button>
              </Stack>
            </Fieldset>
          ))}
        </div>
      )}
    </Fieldset>
  );
}
