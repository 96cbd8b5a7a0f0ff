import { Button, Group, Text } from '@mantine/core';
import { IconBrandMessenger } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useDocument } from '../store/documentStore.ts';
import { sendToPreview } from './previewController.ts';
import type { SimulatorTurn } from './simulatorStore.ts';
import { messengerMessages } from './messengerMessages.ts';
import { ChatPhone } from './ChatPhone.tsx';
import { ChatTurn } from './ChatTurn.tsx';
import { ChatMessage } from './ChatMessage.tsx';

/**
 * A Messenger conversation as the subscriber's phone shows it: a menu's quick replies (13 at
 * most) sit above the composer and go once one is pressed or something is typed, so only the
 * last turn's are shown; past that, numbered text.
 */
export function MessengerPhone() {
  const { t } = useTranslation();
  const flowName = useDocument((s) => s.doc?.name ?? '');
  return (
    <ChatPhone
      className="wa-phone fb-phone"
      header={
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
      }
      chatClassName="fb-chat"
      renderTurn={(turn) => <TurnView turn={turn} />}
      aboveComposer={(live) => <QuickReplies turn={live} />}
      sendColor="blue"
    />
  );
}

/** The live turn's quick replies, above the composer. */
function QuickReplies({ turn }: { turn: SimulatorTurn | undefined }) {
  const quick = turn ? messengerMessages(turn.effects).findLast((m) => m.kind === 'quickReplies') : undefined;
  if (quick?.kind !== 'quickReplies') return null;
  return (
    <Group gap={6} className="fb-quick-replies" px="sm" py={6}>
      {quick.options.map((o) => (
        <Button key={o.id} size="compact-sm" radius="xl" variant="outline" className="fb-quick" onClick={() => void sendToPreview({ type: 'choice', option: o.id }, o.label)}>
          {o.label}
        </Button>
      ))}
    </Group>
  );
}

function TurnView({ turn }: { turn: SimulatorTurn }) {
  return (
    <ChatTurn turn={turn} outClassName="wa-bubble out fb-out">
      {messengerMessages(turn.effects).map((m, i) => (
        // A quick-reply menu's text is a plain bubble in the chat; its options sit above the composer.
        <ChatMessage key={i} message={m.kind === 'quickReplies' ? { kind: 'text', text: m.text } : m} unsentKey="simulator.messengerUnsentAudio" />
      ))}
    </ChatTurn>
  );
}
