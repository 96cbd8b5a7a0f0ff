import { useEffect, useRef, useState } from 'react';
import { ActionIcon, Group, ScrollArea, Stack, Text, TextInput } from '@mantine/core';
import { IconMessage, IconSend } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { sendToPreview } from './previewController.ts';
import { useSimulator, type SimulatorTurn } from './simulatorStore.ts';
import { currentWait } from './currentAsk.ts';
import { smsMessages } from './smsMessages.ts';
import { VariantNotes } from './VariantNotes.tsx';
import { LookupNote } from './LookupNote.tsx';

/** An SMS conversation as the subscriber's handset shows it: plain text, numbered menus answered by typing the number. */
export function SmsPhone() {
  const { t } = useTranslation();
  const turns = useSimulator((s) => s.turns);
  const busy = useSimulator((s) => s.busy);
  const [text, setText] = useState('');
  const viewport = useRef<HTMLDivElement>(null);
  const wait = currentWait(turns);
  // Scrolls down when a turn is added.
  useEffect(() => {
    viewport.current?.scrollTo({ top: viewport.current.scrollHeight, behavior: 'smooth' });
  }, [turns.length]);
  return (
    <div className="wa-phone sms-phone">
      <Group className="wa-header sms-header" gap="xs" wrap="nowrap">
        <IconMessage size={20} />
        <Text size="sm" fw={600} c="white" lh={1.1}>
          {t('simulator.smsShortCode')}
        </Text>
      </Group>
      <ScrollArea h={400} viewportRef={viewport} className="wa-chat">
        <Stack gap={6} p="sm">
          {turns.map((turn, i) => (
            <TurnView key={i} turn={turn} />
          ))}
        </Stack>
      </ScrollArea>
      <form
        className="wa-input"
        onSubmit={(e) => {
          e.preventDefault();
          if (!text.trim()) return;
          void sendToPreview({ type: 'text', text: text.trim() }, text.trim());
          setText('');
        }}
      >
        <Group gap={6} wrap="nowrap">
          <TextInput
            size="sm"
            radius="xl"
            style={{ flex: 1 }}
            placeholder={t('simulator.message')}
            value={text}
            disabled={turns.length === 0 || wait.ended || busy}
            onChange={(e) => setText(e.currentTarget.value)}
          />
          <ActionIcon type="submit" size="lg" radius="xl" color="blue" variant="filled" disabled={!text.trim() || busy} aria-label={t('simulator.send')}>
            <IconSend size={16} />
          </ActionIcon>
        </Group>
      </form>
    </div>
  );
}

function TurnView({ turn }: { turn: SimulatorTurn }) {
  const { t } = useTranslation();
  return (
    <>
      {turn.shown && (
        <div className="wa-bubble out">
          <Text size="sm">{turn.shown}</Text>
        </div>
      )}
      {turn.lookups.map((lookup, i) => (
        <LookupNote key={`l${i}`} lookup={lookup} />
      ))}
      {smsMessages(turn.effects).map((m, i) =>
        m.kind === 'note' ? (
          <Text key={i} size="xs" c="dimmed" ta="center" className="wa-note">
            {m.text}
          </Text>
        ) : (
          <div key={i} className="wa-bubble in">
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {m.text}
            </Text>
            {/* What this SMS costs the operator: parts, and the alphabet that decides how many. */}
            <Text size="10px" c="dimmed" ta="right">
              {t('simulator.smsParts', { count: m.parts, encoding: m.encoding === 'gsm7' ? 'GSM' : 'UCS-2' })}
            </Text>
          </div>
        ),
      )}
      <VariantNotes effects={turn.effects} />
    </>
  );
}
