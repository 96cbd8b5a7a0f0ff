import { useRef, useState } from 'react';
import { ActionIcon, FileButton, Group, Tooltip } from '@mantine/core';
import { IconMicrophone, IconPlayerPlay, IconPlayerStop, IconTrash, IconUpload } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { audioNamesOf, cleanAccountName, readWavFormat, telephonyWavProblem } from '@griot/flows';
import { audioApi } from '../api/audioApi.ts';
import { documentActions, documentStore } from '../store/documentStore.ts';
import { useFlowId, useLocales } from '../store/selectors.ts';
import { RecordPromptModal } from '../recording/RecordPromptModal.tsx';
import { toTelephonyWav } from '../recording/toTelephonyWav.ts';
import { audioName } from './audioName.ts';

interface Props {
  nodeId: string;
  field: string;
  locale: string;
  audio: string | undefined;
  /** The name of the file the editor uploaded as `audio`, if known: what the recording is called to them. */
  audioFile?: string | undefined;
  /** The prompt's variant (`sms`, `keypad`) this recording belongs to, if not the locale's own. */
  variant?: string;
}

/**
 * A WAV the phone would not play as it is (stereo, 44.1 kHz, 24-bit…) becomes a mono 8 kHz
 * 16-bit WAV in the browser before it is sent; MP3, Ogg and fitting WAVs go as they are.
 */
async function telephonyFriendly(file: File): Promise<{ body: Blob; converted: boolean }> {
  const isWav = file.type === 'audio/wav' || file.type === 'audio/x-wav' || /\.wav$/i.test(file.name);
  if (!isWav) return { body: file, converted: false };
  const head = new Uint8Array(await file.slice(0, 4096).arrayBuffer());
  if (telephonyWavProblem(readWavFormat(head)) === null) return { body: file, converted: false };
  try {
    return { body: (await toTelephonyWav(file, 8000, { tidy: false })).wav, converted: true };
  } catch {
    // Not decodable here: the server says what is wrong with it.
    return { body: file, converted: false };
  }
}

/** Record, upload, play and remove the recorded version of one prompt in one locale (or of one of its channel variants). */
export function AudioControl({ nodeId, field, locale, audio, audioFile, variant }: Props) {
  const setAudio = (name: string | undefined, file?: string) =>
    variant ? documentActions().setPromptVariantAudio(nodeId, field, locale, variant, name, file) : documentActions().setPromptAudio(nodeId, field, locale, name, file);
  // The editor's own name for the recording (`accueil-fon-studio.wav`), not the one Griot stored it under (`fon/welcome-2.wav`).
  const shownName = audioFile ?? audio;
  const { t } = useTranslation();
  const flowId = useFlowId();
  // A screen reader hears which language each button records, uploads, plays or removes (several sit one under the other).
  const localeName = useLocales().find((l) => l.code === locale)?.name ?? locale;
  const named = (action: string) => t('a11y.inLocale', { field: action, locale: localeName });
  const [uploading, setUploading] = useState(false);
  const [playing, setPlaying] = useState(false);
  const [recording, setRecording] = useState(false);
  const player = useRef<HTMLAudioElement | null>(null);

  const upload = async (file: File | null) => {
    if (!file) return;
    setUploading(true);
    try {
      const { body, converted } = await telephonyFriendly(file);
      const doc = documentStore.getState().doc;
      const name = audioName(nodeId, variant ? `${field}-${variant}` : field, locale, converted ? 'converted.wav' : file.name, {
        current: audio,
        others: doc ? [...audioNamesOf(doc)] : [],
      });
      const stored = await audioApi.upload(flowId, name, locale, body);
      setAudio(stored?.name ?? name, cleanAccountName(file.name, 200));
      notifications.show({
        color: 'teal',
        message: stored?.insteadOf ? t('audio.uploadedAsNew', { file: file.name }) : converted ? t('recording.converted', { name: file.name, rate: 8 }) : t('audio.uploaded', { name: file.name }),
      });
    } catch (error) {
      notifications.show({ color: 'red', title: t('audio.uploadFailed', { file: file.name }), message: String((error as Error).message) });
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
      notifications.show({ color: 'red', message: t('audio.playFailed', { name: shownName }) });
    };
    setPlaying(true);
    void element.play().catch(() => setPlaying(false));
  };

  return (
    <Group gap={2} wrap="nowrap" data-audio-control={`${nodeId}|${field}|${locale}`}>
      {audio && (
        <>
          <Tooltip label={`${t('audio.play')} · ${shownName}`}>
            <ActionIcon size="sm" variant="subtle" color="teal" onClick={toggle} aria-label={`${named(t('audio.play'))} · ${shownName}`}>
              {playing ? <IconPlayerStop size={14} /> : <IconPlayerPlay size={14} />}
            </ActionIcon>
          </Tooltip>
          <Tooltip label={t('audio.remove')}>
            <ActionIcon size="sm" variant="subtle" color="gray" aria-label={named(t('audio.remove'))} onClick={() => setAudio(undefined)}>
              <IconTrash size={14} />
            </ActionIcon>
          </Tooltip>
        </>
      )}
      <Tooltip label={t('recording.open')}>
        <ActionIcon size="sm" variant="subtle" color="red" aria-label={named(t('recording.open'))} onClick={() => setRecording(true)} data-action="open-recorder">
          <IconMicrophone size={14} />
        </ActionIcon>
      </Tooltip>
      <FileButton onChange={(f) => void upload(f)} accept="audio/*">
        {(props) => (
          <Tooltip label={audio ? t('audio.replace') : t('audio.upload')}>
            <ActionIcon {...props} size="sm" variant="subtle" loading={uploading} aria-label={named(audio ? t('audio.replace') : t('audio.upload'))}>
              <IconUpload size={14} />
            </ActionIcon>
          </Tooltip>
        )}
      </FileButton>
      {recording && <RecordPromptModal opened onClose={() => setRecording(false)} nodeId={nodeId} field={field} locale={locale} variant={variant} current={audio} />}
    </Group>
  );
}
