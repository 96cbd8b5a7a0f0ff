import { useRef, useState } from 'react';
import { ActionIcon, FileButton, Group, Tooltip } from '@mantine/core';
import { IconMicrophone, IconPlayerPlay, IconPlayerStop, IconTrash } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { audioApi } from '../api/audioApi.ts';
import { documentActions } from '../store/documentStore.ts';
import { useFlowId } from '../store/selectors.ts';
import { audioName } from './audioName.ts';

interface Props {
  nodeId: string;
  field: string;
  locale: string;
  audio: string | undefined;
  /** The prompt's variant (`sms`, `keypad`) this recording belongs to, if not the locale's own. */
  variant?: string;
}

/** Upload, play and remove the recorded version of one prompt in one locale. */
export function AudioControl({ nodeId, field, locale, audio, variant }: Props) {
  const setAudio = (name: string | undefined) =>
    variant ? documentActions().setPromptVariantAudio(nodeId, field, locale, variant, name) : documentActions().setPromptAudio(nodeId, field, locale, name);
  const { t } = useTranslation();
  const flowId = useFlowId();
  const [uploading, setUploading] = useState(false);
  const [playing, setPlaying] = useState(false);
  const player = useRef<HTMLAudioElement | null>(null);

  const upload = async (file: File | null) => {
    if (!file) return;
    setUploading(true);
    try {
      const name = audioName(nodeId, variant ? `${field}-${variant}` : field, locale, file.name);
      const stored = await audioApi.upload(flowId, name, locale, file);
      setAudio(stored?.name ?? name);
      notifications.show({ color: 'teal', message: t('audio.uploaded', { name: file.name }) });
    } catch (error) {
      notifications.show({ color: 'red', title: t('audio.uploadFailed'), message: String((error as Error).message) });
    } finally {
      setUploading(false);
    }
  };

  const toggle = () => {
    if (!audio) return;
    if (playing) {
      player.current?.pause();
      setPlaying(false);
      return;
    }
    const element = new Audio(audioApi.url(flowId, audio));
    player.current = element;
    element.onended = () => setPlaying(false);
    element.onerror = () => {
      setPlaying(false);
      notifications.show({ color: 'red', message: t('audio.playFailed', { name: audio }) });
    };
    setPlaying(true);
    void element.play().catch(() => setPlaying(false));
  };

  return (
    <Group gap={2} wrap="nowrap">
      {audio && (
        <>
          <Tooltip label={`${t('audio.play')} · ${audio}`}>
            <ActionIcon size="sm" variant="subtle" color="teal" onClick={toggle} aria-label={t('audio.play')}>
              {playing ? <IconPlayerStop size={14} /> : <IconPlayerPlay size={14} />}
            </ActionIcon>
          </Tooltip>
          <Tooltip label={t('audio.remove')}>
            <ActionIcon
              size="sm"
              variant="subtle"
              color="gray"
              aria-label={t('audio.remove')}
              onClick={() => setAudio(undefined)}
            >
              <IconTrash size={14} />
            </ActionIcon>
          </Tooltip>
        </>
      )}
      <FileButton onChange={(f) => void upload(f)} accept="audio/*">
        {(props) => (
          <Tooltip label={audio ? t('audio.replace') : t('audio.upload')}>
            <ActionIcon {...props} size="sm" variant="subtle" loading={uploading} aria-label={t('audio.upload')}>
              <IconMicrophone size={14} />
            </ActionIcon>
          </Tooltip>
        )}
      </FileButton>
    </Group>
  );
}
