import { type ReactNode, useEffect, useRef, useState } from 'react';
import { ActionIcon, Group, ScrollArea, Stack, TextInput } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { sendToPreview } from './previewController.ts';
import { useSimulator, type SimulatorTurn } from './simulatorStore.ts';
import { currentWait } from './currentAsk.ts';

export interface ChatPhoneProps {
  /** The phone's classes (`wa-phone …`): each chat channel keeps its own look. */
  className: string;
  /** Set on the phone for the channels that share one view (WhatsApp, Telegram, web chat). */
  channel?: string;
  /** The app's bar: the channel's icon and who the subscriber writes to. */
  header: ReactNode;
  chatClassName: string;
  /** One turn as the channel shows it; `live` when it is the last and the flow waits for the subscriber. */
  renderTurn: (turn: SimulatorTurn, live: boolean) => ReactNode;
  /** What sits between the chat and the composer (Messenger's quick replies), given the live last turn. */
  aboveComposer?: (liveTurn: SimulatorTurn | undefined) => ReactNode;
  sendColor: string;
}

/**
 * A chat app on the subscriber's phone: its bar, the turns scrolled to the newest, and a
 * composer that sends what is typed to the preview while the flow waits. What the channel can
 * show (buttons, lists, quick replies, SMS parts) is its own, rendered by `renderTurn`.
 */
export function ChatPhone({ className, channel, header, chatClassName, renderTurn, aboveComposer, sendColor }: ChatPhoneProps) {
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
  const waiting = !wait.ended && !busy;
  const lastIndex = turns.length - 1;
  return (
    <div className={className} data-channel={channel}>
      {header}
      <ScrollArea h={400} viewportRef={viewport} className={chatClassName}>
        <Stack gap={6} p="sm">
          {turns.map((turn, i) => (
            <Turn key={i} turn={turn} live={i === lastIndex && waiting} render={renderTurn} />
          ))}
        </Stack>
      </ScrollArea>
      {aboveComposer?.(waiting ? turns.at(-1) : undefined)}
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
          <ActionIcon type="submit" size="lg" radius="xl" color={sendColor} variant="filled" disabled={!text.trim() || busy} aria-label={t('simulator.send')}>
            <IconSend size={16} />
          </ActionIcon>
        </Group>
      </form>
    </div>
  );
}

/** A component boundary per turn, so a channel's `renderTurn` may use hooks. */
function Turn({ turn, live, render }: { turn: SimulatorTurn; live: boolean; render: ChatPhoneProps['renderTurn'] }) {
  return <>{render(turn, live)}</>;
}
