import { Button, Group, Menu, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconBrandTelegram, IconBrandWhatsapp, IconList, IconMessageCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { channelCapabilities } from '@griot/flows';
import { useDocument } from '../store/documentStore.ts';
import { sendToPreview } from './previewController.ts';
import type { SimulatorTurn } from './simulatorStore.ts';
import { whatsappMessages, type WhatsAppMessage } from './whatsappMessages.ts';
import { ChatPhone } from './ChatPhone.tsx';
import { ChatTurn } from './ChatTurn.tsx';
import { ChatMessage } from './ChatMessage.tsx';

/** The chat channels the phone view shows, each by its own row of the channel table. */
export type ChatChannel = 'whatsapp' | 'telegram' | 'webchat';

/**
 * A WhatsApp chat as the subscriber's phone shows it: buttons (≤ 3), a list (≤ 10 rows) or
 * numbered text; a Telegram chat: an inline keyboard (≤ 10 buttons) or numbered text; or the
 * web chat page, with its own limits (up to 10 buttons).
 */
export function WhatsAppPhone({ channel = 'whatsapp' }: { channel?: ChatChannel }) {
  const { t } = useTranslation();
  const flowName = useDocument((s) => s.doc?.name ?? '');
  return (
    <ChatPhone
      className={`wa-phone ${channel}`}
      channel={channel}
      header={
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
      }
      chatClassName="wa-chat"
      renderTurn={(turn, live) => <TurnView turn={turn} channel={channel} active={live} />}
      sendColor="teal"
    />
  );
}

function TurnView({ turn, active, channel }: { turn: SimulatorTurn; active: boolean; channel: ChatChannel }) {
  const locales = useDocument((s) => s.doc?.locales);
  // The WhatsApp connector words a Fon subscriber's menus in the flow's written language; the others do not (yet).
  const writtenIn = channel === 'whatsapp' ? (locales ?? []) : undefined;
  return (
    <ChatTurn turn={turn}>
      {whatsappMessages(turn.effects, channelCapabilities[channel], writtenIn).map((m, i) => (
        <MessageView key={i} message={m} active={active} />
      ))}
    </ChatTurn>
  );
}

function MessageView({ message, active }: { message: WhatsAppMessage; active: boolean }) {
  switch (message.kind) {
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
    default:
      return <ChatMessage message={message} />;
  }
}
