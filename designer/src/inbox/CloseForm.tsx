import { useState, type FormEvent } from 'react';
import { Button, Group, NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CLOSING_OUTCOMES, ClosingOutcome } from '@griot/flows';
import { inboxSync } from './inboxSync.ts';
import { focusAfterLeaving } from './agentKeys.ts';

/** Closes the contact with an outcome from the fixed list (the same codes in every language, for the reports). */
export function CloseForm({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const chosen = ClosingOutcome.safeParse(outcome);
    if (!chosen.success) return;
    // Closed: the keyboard goes on to the next contact, not to the top of the page.
    void inboxSync.act(contactId, { kind: 'close', outcome: chosen.data }).then((closed) => {
      if (closed) void focusAfterLeaving(contactId);
    });
  };
  return (
    <form className="inline-form" onSubmit={submit}>
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <NativeSelect
          label={t('inbox.outcome')}
          name="outcome"
          required
          value={outcome}
          onChange={(e) => setOutcome(e.currentTarget.value)}
          data={[{ value: '', label: t('inbox.outcomePick'), disabled: true }, ...CLOSING_OUTCOMES.map((code) => ({ value: code, label: t(`inbox.outcomes.${code}`) }))]}
        />
        <Button type="submit" variant="default" disabled={outcome === ''}>
          {t('inbox.close')}
        </Button>
      </Group>
    </form>
  );
}
