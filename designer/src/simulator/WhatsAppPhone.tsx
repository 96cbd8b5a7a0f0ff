import { useEffect, useRef, useState } from 'react';
import { ActionIcon, Button, Group, Menu, ScrollArea, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { IconBrandTelegram, IconBrandWhatsapp, IconList, IconMessageCircle, IconSend } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { channelCapabilities } from '@griot/flows';
import { audioApi } from '../api/audioApi.ts';
import { useDocument } from '../store/documentStore.ts';
import { useFlowId } from '../store/selectors.ts';
import { sendToPreview } from './previewController.ts';
import { useSimulator, type SimulatorTurn } from './simulatorStore.ts';
import { currentWait } from './currentAsk.ts';
import { whatsappMessages, type WhatsAppMessage } from './whatsappMessages.ts';
import { VariantNotes } from './VariantNotes.tsx';
import { LookupNote } from './LookupNote.tsx';

/** The chat channels the phone view shows, each by its own row of the channel table. */
export type ChatChannel = 'whatsapp' | 'telegram' | 'webchat';

/**
 * A WhatsApp chat as the subscriber's phone shows it: buttons (≤ 3), a list (≤ 10 rows) or
 * numbered text; a Telegram chat: an inline keyboard (≤ 10 buttons) or numbered text; or the
 * web chat page, with its own limits (up to 10 buttons).
 */
export function WhatsAppPhone({ channel = 'whatsapp' }: { channel?: ChatChannel }) {
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
  const lastIndex = turns.length - 1;
  return (
    <div className={`wa-phone ${channel}`} data-channel={channel}>
      <Group className="wa-header" gap="xs" wrap="nowrap">
        {channel === 'telegram' ? <IconBrandTelegram size={20} /> : channel === 'webchat' ? <IconMessageCircle size={20} /> : <IconBrandWhatsapp size={20} />}
        <div>
          <Text size="sm" fw={600} c="white" lh={1.1}>
            {flowName}
          </Text>
          <Text size="10px" c="rgba(255,255,255,0.8)">
            {t(channel === 'telegram' ? 'simulator.telegramBot' : channel === 'webchat' ? 'channels.webchatPage' : 'simulator.whatsappBusiness')}
          </Text>
        </div>
      </Group>
      <ScrollArea h={400} viewportRef={viewport} className="wa-chat">
        <Stack gap={6} p="sm">
          {turns.map((turn, i) => (
            <TurnView key={i} turn={turn} channel={channel} active={i === lastIndex && !wait.ended && !busy} />
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
          <ActionIcon type="submit" size="lg" radius="xl" color="teal" variant="filled" disabled={!text.trim() || busy} aria-label={t('simulator.send')}>
            <IconSend size={16} />
          </ActionIcon>
        </Group>
      </form>
    </div>
  );
}

function TurnView({ turn, active, channel }: { turn: SimulatorTurn; active: boolean; channel: ChatChannel }) {
  const messages = whatsappMessages(turn.effects, channelCapabilities[channel]);
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
      {messages.map((m, i) => (
        <MessageView key={i} message={m} active={active} />
      ))}
      <VariantNotes effects={turn.effects} />
    </>
  );
}

function MessageView({ message, active }: { message: WhatsAppMessage; active: boolean }) {
  const { t } = useTranslation();
  const flowId = useFlowId();
  switch (message.kind) {
    case 'text':
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
          {t('simulator.unsentAudio', { audio: message.audio })}
        </Text>
      );
    case 'menu':
      return (
        <div className="wa-menu" data-presentation={message.presentation}>
          <div className="wa-bubble in">
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {message.body}
            </Text>
            {message.presentation === 'list' && (
              <Menu position="top" width={240} disabled={!active}>
                <Menu.Target>
                  <UnstyledButton className="wa-list-button" disabled={!active}>
                    <IconList size={14} /> {message.listButtonLabel}
                  </UnstyledButton>
                </Menu.Target>
                <Menu.Dropdown>
                  {message.options.map((o) => (
                    <Menu.Item key={o.id} onClick={() => void sendToPreview({ type: 'choice', option: o.id }, o.label)}>
                      {o.label}
                    </Menu.Item>
                  ))}
                </Menu.Dropdown>
              </Menu>
            )}
          </div>
          {message.presentation === 'buttons' && (
            <Stack gap={3} className="wa-buttons">
              {message.options.map((o) => (
                <Button key={o.id} size="xs" variant="white" className="wa-reply" disabled={!active} onClick={() => void sendToPreview({ type: 'choice', option: o.id }, o.label)}>
                  {o.label}
                </Button>
              ))}
            </Stack>
          )}
        </div>
      );
  }
}
