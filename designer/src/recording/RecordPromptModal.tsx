import { audioNamesOf } from '@griot/flows';
import { useEffect, useState } from 'react';
import { Alert, Badge, Blockquote, Button, Group, Loader, Modal, SegmentedControl, Stack, Text } from '@mantine/core';
import { IconDeviceFloppy, IconMicrophone, IconPlayerStopFilled, IconRefresh } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { audioApi } from '../api/audioApi.ts';
import { documentActions, useDocument } from '../store/documentStore.ts';
import { useFlowId, useLocales } from '../store/selectors.ts';
import { audioName } from '../languages/audioName.ts';
import type { TelephonyRate } from './encodeWav.ts';
import { MAX_TAKE_SECONDS, useRecorder } from './useRecorder.ts';
import { captionsOf } from './captionsOf.ts';
import { referenceText } from './referenceText.ts';

interface Props {
  opened: boolean;
  onClose(): void;
  nodeId: string;
  field: string;
  locale: string;
  /** A channel variant's recording rather than the language's own. */
  variant?: string;
  /** The recording this take replaces, if any: its folder and name are kept. */
  current?: string | undefined;
}

/**
 * Records one prompt in one locale from the microphone, for languages no studio or voice covers:
 * read the reference, record, hear the take as the phone will play it (mono WAV at 8 or 16 kHz,
 * converted here), take it again or save it next to the prompt.
 */
export function RecordPromptModal({ opened, onClose, nodeId, field, locale, variant, current }: Props) {
  const { t, i18n } = useTranslation();
  const flowId = useFlowId();
  const locales = useLocales();
  const doc = useDocument((s) => s.doc);
  const [rate, setRate] = useState<TelephonyRate>(8000);
  const { state, start, stop, reset } = useRecorder(rate);
  const [saving, setSaving] = useState(false);
  const [elapsed, setElapsed] = useState(0);
  const reference = referenceText(doc, nodeId, field, locale);
  const localeName = locales.find((l) => l.code === locale)?.name ?? locale;
  const nodeLabel = doc?.nodes.find((n) => n.id === nodeId)?.label || nodeId;

  useEffect(() => {
    if (state.status !== 'recording') return;
    const tick = setInterval(() => setElapsed(Math.floor((Date.now() - state.startedAt) / 1000)), 250);
    return () => clearInterval(tick);
  }, [state]);
  const close = () => {
    reset();
    setElapsed(0);
    onClose();
  };

  const save = async () => {
    if (state.status !== 'ready') return;
    setSaving(true);
    try {
      const name = audioName(nodeId, variant ? `${field}-${variant}` : field, locale, 'take.wav', { current, others: doc ? [...audioNamesOf(doc)] : [] });
      const stored = await audioApi.upload(flowId, name, locale, state.take.wav);
      if (variant) documentActions().setPromptVariantAudio(nodeId, field, locale, variant, stored?.name ?? name);
      else documentActions().setPromptAudio(nodeId, field, locale, stored?.name ?? name);
      notifications.show({
        color: 'teal',
        // What the editor did, not the generated file name (« fon/welcome-prompt-2.wav »): the play button's tooltip has it.
        message: stored?.insteadOf ? t('recording.savedAsNew') : t('recording.saved', { locale: localeName }),
      });
      close();
    } catch (error) {
      notifications.show({ color: 'red', title: t('recording.saveFailed'), message: (error as Error).message });
    } finally {
      setSaving(false);
    }
  };

  const seconds = (n: number) => n.toLocaleString(i18n.language, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
  const clock = (n: number) => `${Math.floor(n / 60)}:${String(n % 60).padStart(2, '0')}`;
  return (
    <Modal opened={opened} onClose={close} title={t('recording.title', { node: nodeLabel, locale: localeName })} centered size="lg">
      <Stack data-recorder={state.status}>
        {reference.text ? (
          <Blockquote p="sm" color="indigo" cite={reference.locale === locale ? t('recording.toRead') : t('recording.toTranslate', { locale: reference.locale.toUpperCase() })}>
            {reference.text}
          </Blockquote>
        ) : (
          <Text size="sm" c="dimmed">
            {t('recording.noReference')}
          </Text>
        )}
        <Group justify="space-between" align="flex-end">
          <div>
            <Text size="xs" fw={600} mb={4}>
              {t('recording.quality')}
            </Text>
            <SegmentedControl
              size="xs"
              aria-label={t('recording.quality')}
              value={String(rate)}
              disabled={state.status === 'recording' || state.status === 'converting' || saving}
              onChange={(v) => setRate(Number(v) as TelephonyRate)}
              data={[
                { value: '8000', label: t('recording.narrowband') },
                { value: '16000', label: t('recording.wideband') },
              ]}
            />
          </div>
          {state.status === 'recording' && (
            <Group gap={6} aria-live="polite">
              <span className="rec-dot" aria-hidden />
              <Text size="sm" fw={600} data-elapsed>
                {t('recording.recording', { time: clock(elapsed), max: clock(MAX_TAKE_SECONDS) })}
              </Text>
            </Group>
          )}
        </Group>

        {(state.status === 'asking' || state.status === 'converting') && (
          <Group gap="xs">
            <Loader size="sm" />
            <Text size="sm">{state.status === 'asking' ? t('recording.asking') : t('recording.converting')}</Text>
          </Group>
        )}
        {state.status === 'failed' && (
          <Alert color="red" variant="light" data-problem={state.problem}>
            {t(`recording.problem.${state.problem}`)}
          </Alert>
        )}
        {state.status === 'ready' && (
          <Stack gap={6}>
            <audio controls src={state.url} className="recording-take" aria-label={t('recording.takeLabel')}>
              {/* The take says the text on screen when it was read in this language (a translation has no text yet: no cues). */}
              <track kind="captions" src={reference.text && reference.locale === locale ? captionsOf(reference.text, state.take.seconds) : undefined} srcLang={locale} label={localeName} default />
            </audio>
            <Group gap={6}>
              <Badge variant="light" color="teal" data-take-format>
                {t('recording.format', { rate: state.take.sampleRate / 1000 })}
              </Badge>
              <Text size="xs" c="dimmed" data-take-seconds={state.take.seconds.toFixed(2)}>
                {t('recording.length', { seconds: seconds(state.take.seconds), kb: Math.ceil(state.take.wav.size / 1024) })}
              </Text>
            </Group>
          </Stack>
        )}

        <Group justify="flex-end">
          {state.status === 'recording' ? (
            <Button color="red" leftSection={<IconPlayerStopFilled size={16} />} onClick={stop} data-action="record-stop">
              {t('recording.stop')}
            </Button>
          ) : state.status === 'ready' ? (
            <>
              <Button variant="default" leftSection={<IconRefresh size={16} />} onClick={() => void start()} disabled={saving} data-action="record-retake">
                {t('recording.retake')}
              </Button>
              <Button leftSection={<IconDeviceFloppy size={16} />} loading={saving} onClick={() => void save()} data-action="record-save">
                {t('recording.save')}
              </Button>
            </>
          ) : (
            <Button
              color="red"
              leftSection={<IconMicrophone size={16} />}
              onClick={() => void start()}
              disabled={state.status === 'asking' || state.status === 'converting'}
              data-action="record-start"
            >
              {state.status === 'failed' ? t('recording.tryAgain') : t('recording.start')}
            </Button>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          {t('recording.help')}
        </Text>
      </Stack>
    </Modal>
  );
}
