import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { audioApi } from '../api/audioApi.ts';
import { useFlowId } from '../store/selectors.ts';

/** The messages every chat channel shows alike; menus are each channel's own. */
export type PlainChatMessage = { kind: 'text'; text: string } | { kind: 'audio'; audio: string } | { kind: 'note'; text: string } | { kind: 'unsent'; audio: string };

/**
 * A text or recording the flow sent, a note for the tester (handoff, end, a prompt not sent),
 * or a recording the channel could not send, worded by `unsentKey` (the channels explain why
 * differently).
 */
export function ChatMessage({ message, unsentKey = 'simulator.unsentAudio' }: { message: PlainChatMessage; unsentKey?: string }) {
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
          {t(unsentKey, { audio: message.audio })}
        </Text>
      );
  }
}
