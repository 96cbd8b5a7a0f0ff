import { useEffect, useRef, useState } from 'react';
import { ActionIcon, Button, Group, ScrollArea, Stack, Text, TextInput } from '@mantine/core';
import { IconBrandMessenger, IconSend } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { audioApi } from '../api/audioApi.ts';
import { useDocument } from '../store/documentStore.ts';
import { useFlowId } from '../store/selectors.ts';
import { sendToPreview } from './previewController.ts';
import { useSimulator, type SimulatorTurn } from './simulatorStore.ts';
import { currentWait } from './currentAsk.ts';
import { messengerMessages, type MessengerMessage } from './messengerMessages.ts';
import { LookupNote } from './LookupNote.tsx';

/**
 * A Messenger conversation as the subscriber's phone shows it: a menu's quick replies (13 at
 * most) sit above the composer and go once one is pressed or something is typed, so only the
 * last turn's are shown; past that, numbered text.
 */
export function MessengerPhone() {
  const { t } = useTranslation();
  const turns = useSimulator((s) => s.turns);
  const busy = useSimulator((s) => s.busy);
  const flowName = useDocument((s) => s.doc?.name ?? '');
  const [text, setText] = useState('');
  const viewport = useRef<HTMLDivElement>(null);
  const wait = currentWait(turns);
  useEffect(() => {
    viewport.current?.scrollTo({ top: viewport.current.scrollHeight, behavior: 'smooth' });
  }, [turns.length]);
  const last = turns.at(-1);
  const quick = last && !wait.ended && !busy ? messengerMessages(last.effects).findLast((m) => m.kind === 'quickReplies') : undefined;
  return (
    <div className="wa-phone fb-phone">
      <Group className="fb-header" gap="xs" wrap="nowrap">
        <IconBrandMessenger size={20} />
        <div>
          <Text size="sm" fw={600} lh={1.1}>
            {flowName}
          </Text>
          <Text size="10px" c="dimmed">
            {t('simulator.messengerPage')}
          </Text>
        </div>
      </Group>
      <ScrollArea h={400} viewportRef={viewport} className="fb-chat">
        <Stack gap={6} p="sm">
          {turns.map((turn, i) => (
            <TurnView key={i} turn={turn} />
          ))}
        </Stack>
      </ScrollArea>
      {quick?.kind === 'quickReplies' && (
        <Group gap={6} className="fb-quick-replies" px="sm" py={6}>
          {quick.options.map((o) => (
            <Button key={o.id} size="compact-sm" radius="xl" variant="outline" className="fb-quick" onClick={() => void sendToPreview({ type: 'choice', option: o.id }, o.label)}>
              {o.label}
            </Button>
          ))}
        </Group>
      )}
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
  return (
    <>
      {turn.shown && (
        <div className="wa-bubble out fb-out">
          <Text size="sm">{turn.shown}</Text>
        </div>
      )}
      {turn.lookups.map((lookup, i) => (
        <LookupNote key={`l${i}`} lookup={lookup} />
      ))}
      {messengerMessages(turn.effects).map((m, i) => (
        <MessageView key={i} message={m} />
      ))}
    </>
  );
}

function MessageView({ message }: { message: MessengerMessage }) {
  const { t } = useTranslation();
  const flowId = useFlowId();
  switch (message.kind) {
    case 'text':
    case 'quickReplies':
      return (
        <div className="wa-bubble in">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {message.text}
          </Text>
        </div>
      );
    case 'audio':
      return (
        <figure className="wa-bubble in">
          {/* biome-ignore lint/a11y/useMediaCaption: an audio-only prompt has no text in the flow to caption it with; the recording's name says which one plays */}
          <audio controls src={audioApi.url(flowId, message.audio)} className="wa-audio" />
          <Text component="figcaption" size="xs" c="dimmed">
            {message.audio}
          </Text>
        </figure>
      );
    case 'note':
      return (
        <Text size="xs" c="dimmed" ta="center" className="wa-note">
          {message.text}
        </Text>
      );
    case 'unsent':
      return (
        <Text size="xs" c="orange" ta="center" className="wa-note">
          {t('simulator.messengerUnsentAudio', { audio: message.audio })}
        </Text>
      );
  }
}
