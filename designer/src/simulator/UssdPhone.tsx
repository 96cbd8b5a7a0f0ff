import { useState } from 'react';
import { Badge, Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { channelCapabilities, pageMove } from '@griot/flows';
import { sendToPreview } from './previewController.ts';
import { useSimulator } from './simulatorStore.ts';
import { useDocument } from '../store/documentStore.ts';
import { ussdScreens } from './ussdScreens.ts';
import { VariantNotes } from './VariantNotes.tsx';

/**
 * A USSD session as a basic handset shows it: one screen at a time (182 characters), an answer
 * field under it, `CON` while it waits and `END` once closed. 00 and 0 page through the turn's
 * screens here, as the gateway would; any other answer goes to the flow as typed text. Under
 * the screen, which of the turn's prompts were said in a variant (the USSD or keypad wording).
 */
export function UssdPhone() {
  const { t } = useTranslation();
  const turns = useSimulator((s) => s.turns);
  const busy = useSimulator((s) => s.busy);
  const locale = useSimulator((s) => s.state?.locale ?? 'fr');
  const waitsForAgent = useSimulator((s) => s.state?.status === 'handoff');
  const flowLocales = useDocument((s) => s.doc?.locales);
  // The screen shown, for the turn it belongs to: a new turn shows its first screen.
  const [shown, setShown] = useState({ turn: 0, page: 0 });
  const page = shown.turn === turns.length ? shown.page : 0;
  const [answer, setAnswer] = useState('');
  const last = turns[turns.length - 1];
  if (!last) return null;
  const { pages, final } = ussdScreens(last, locale, waitsForAgent, flowLocales);
  const current = pages[Math.min(page, pages.length - 1)];
  const closed = final && page >= pages.length - 1;
  // Only the keys this screen answers: 00 where a next screen exists (on a one-screen menu 00 is an answer the flow refuses).
  const help = [...(current?.hasNext ? [t('simulator.ussdHelpNext')] : []), ...(current?.hasBack ? [t('simulator.ussdHelpBack')] : []), ...(final ? [] : [t('simulator.ussdHelpFlow')])];
  const submit = () => {
    if (busy || closed || !current) return;
    const typed = answer.trim();
    setAnswer('');
    const move = pageMove(typed, current, channelCapabilities.ussd);
    if (move) {
      setShown({ turn: turns.length, page: page + (move === 'next' ? 1 : -1) });
      return;
    }
    // Once the flow has ended or handed over, only paging means something (as on the phone).
    if (final) return;
    void sendToPreview(typed === '' ? { type: 'noInput' } : { type: 'text', text: typed }, typed === '' ? t('simulator.silence') : typed);
  };
  return (
    <Paper withBorder radius="lg" p="sm" className="ussd-phone" data-ussd={closed ? 'END' : 'CON'}>
      <Group justify="space-between" mb={6}>
        <Badge size="xs" variant="light" color={closed ? 'gray' : 'teal'}>
          {closed ? 'END' : 'CON'}
        </Badge>
        <Text size="10px" c="dimmed">
          {t('simulator.ussdScreen', { page: Math.min(page, pages.length - 1) + 1, count: pages.length, length: current?.screen.length ?? 0 })}
        </Text>
      </Group>
      <div className="ussd-screen" data-screen>
        {current?.screen ?? ''}
      </div>
      <VariantNotes effects={last.effects} />
      {closed ? (
        <Text size="xs" c="dimmed" ta="center" mt="xs">
          {t('simulator.ussdEnded')}
        </Text>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <Group gap={6} mt="xs" wrap="nowrap">
            <TextInput
              size="xs"
              style={{ flex: 1 }}
              value={answer}
              placeholder={t('simulator.ussdAnswer')}
              aria-label={t('simulator.ussdAnswer')}
              onChange={(e) => setAnswer(e.currentTarget.value)}
              disabled={busy}
              data-ussd-answer
            />
            <Button size="xs" type="submit" disabled={busy}>
              {t('simulator.send')}
            </Button>
          </Group>
        </form>
      )}
      {help.length > 0 && (
        <Stack gap={0} mt={4}>
          <Text size="10px" c="dimmed" data-ussd-help>
            {help.join(' · ')}
          </Text>
        </Stack>
      )}
    </Paper>
  );
}
