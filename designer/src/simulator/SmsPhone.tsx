import { Group, Text } from '@mantine/core';
import { IconMessage } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { SimulatorTurn } from './simulatorStore.ts';
import { smsMessages } from './smsMessages.ts';
import { ChatPhone } from './ChatPhone.tsx';
import { ChatTurn } from './ChatTurn.tsx';
import { ChatMessage } from './ChatMessage.tsx';

/** An SMS conversation as the subscriber's handset shows it: plain text, numbered menus answered by typing the number. */
export function SmsPhone() {
  const { t } = useTranslation();
  return (
    <ChatPhone
      className="wa-phone sms-phone"
      header={
        <Group className="wa-header sms-header" gap="xs" wrap="nowrap">
          <IconMessage size={20} />
          <Text size="sm" fw={600} c="white" lh={1.1}>
            {t('simulator.smsShortCode')}
          </Text>
        </Group>
      }
      chatClassName="wa-chat"
      renderTurn={(turn) => <TurnView turn={turn} />}
      sendColor="blue"
    />
  );
}

function TurnView({ turn }: { turn: SimulatorTurn }) {
  const { t } = useTranslation();
  return (
    <ChatTurn turn={turn}>
      {smsMessages(turn.effects).map((m, i) =>
        m.kind === 'note' ? (
          <ChatMessage key={i} message={m} />
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
    </ChatTurn>
  );
}
