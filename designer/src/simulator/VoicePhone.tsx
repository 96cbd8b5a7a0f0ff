import { Fragment, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { ActionIcon, Badge, Button, Group, Paper, ScrollArea, SimpleGrid, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { IconEar, IconMicrophone, IconPhoneOff, IconPlayerPlay, IconSend, IconVolume } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { stripSsml, type Effect } from '@griot/flows';
import { audioApi } from '../api/audioApi.ts';
import { useFlowId } from '../store/selectors.ts';
import { sendToPreview } from './previewController.ts';
import { useSimulator, type SimulatorTurn } from './simulatorStore.ts';
import { currentWait } from './currentAsk.ts';
import { LookupNote } from './LookupNote.tsx';
import { visibleIssues } from './visibleIssues.ts';
import { VariantNotes } from './VariantNotes.tsx';
import { describeStepIssue, nodeLabel } from './describeStepIssue.ts';
import { useDocument } from '../store/documentStore.ts';
import { isolate } from '../i18n/isolate.ts';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

/** The phone key a keyboard key presses (the digit row, the numeric keypad, * and #), or null. */
export function keypadKeyOf(key: string): string | null {
  return KEYS.includes(key) ? key : null;
}

/** A phone call: prompts as text (recordings played), a keypad, typed speech, silence and hang-up. */
export function VoicePhone() {
  const { t } = useTranslation();
  const doc = useDocument((s) => s.doc);
  const turns = useSimulator((s) => s.turns);
  const busy = useSimulator((s) => s.busy);
  const playAudio = useSimulator((s) => s.settings.playAudio);
  const flowId = useFlowId();
  const [buffer, setBuffer] = useState('');
  const [speech, setSpeech] = useState('');
  const wait = currentWait(turns);
  const ask = wait.ask;
  const singleKey = ask && (ask.kind === 'choice' || ask.kind === 'language');
  const viewport = useRef<HTMLDivElement>(null);
  const phone = useRef<HTMLDivElement>(null);

  // The call has started (or started again): the phone has the focus, so the keyboard's digits press its keys.
  const started = turns.length > 0;
  useEffect(() => {
    if (started) phone.current?.focus({ preventScroll: true });
  }, [started]);

  useEffect(() => {
    viewport.current?.scrollTo({ top: viewport.current.scrollHeight, behavior: 'smooth' });
  }, [turns.length]);

  // Recorded prompts of the newest turn are played in order, as the caller would hear them.
  useEffect(() => {
    if (!playAudio) return;
    const names = (turns[turns.length - 1]?.effects ?? []).flatMap((e) => (e.type === 'say' && e.audio ? [e.audio] : []));
    if (names.length === 0) return;
    let stopped = false;
    let current: HTMLAudioElement | null = null;
    const playFrom = (i: number) => {
      const name = names[i];
      if (stopped || !name) return;
      current = new Audio(audioApi.url(flowId, name));
      current.onended = () => playFrom(i + 1);
      current.onerror = () => playFrom(i + 1);
      void current.play().catch(() => {});
    };
    playFrom(0);
    return () => {
      stopped = true;
      current?.pause();
    };
  }, [turns, playAudio, flowId]);

  const press = (key: string) => {
    if (!ask || busy) return;
    if (singleKey) {
      void sendToPreview({ type: 'digits', digits: key }, key);
      return;
    }
    if (ask.finishOnKey && key === ask.finishOnKey) {
      void sendToPreview({ type: 'digits', digits: buffer + key }, buffer + key);
      setBuffer('');
      return;
    }
    setBuffer((b) => b + key);
  };

  const sendBuffer = () => {
    if (!buffer || busy) return;
    void sendToPreview({ type: 'digits', digits: buffer }, buffer);
    setBuffer('');
  };

  // Typed on the keyboard while the phone has the focus (not in the speech box): a digit, * or # presses
  // the key; Enter sends the digits typed so far, Backspace takes the last one back.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target as HTMLElement;
    if (target.closest('input, textarea')) return;
    const key = keypadKeyOf(event.key);
    if (key) {
      event.preventDefault();
      press(key);
    } else if (event.key === 'Enter' && ask && !singleKey && buffer && target === event.currentTarget) {
      event.preventDefault();
      sendBuffer();
    } else if (event.key === 'Backspace' && buffer) {
      event.preventDefault();
      setBuffer((b) => b.slice(0, -1));
    }
  };

  return (
    <Stack gap="xs" className="voice-phone" ref={phone} tabIndex={0} role="group" aria-label={t('simulator.phoneKeyboard')} onKeyDown={onKeyDown} data-voice-phone>
      <Paper withBorder radius="lg" className="phone-screen voice">
        <ScrollArea h={300} viewportRef={viewport}>
          <Stack gap={6} p="sm">
            {turns.map((turn, i) => (
              <TurnView key={i} turn={turn} flowId={flowId} />
            ))}
          </Stack>
        </ScrollArea>
      </Paper>
      {ask && (
        <Group gap={6} justify="space-between">
          <Text size="xs" c="dimmed" data-waiting={ask.node}>
            {t('simulator.waitingAt', { node: nodeLabel(ask.node, doc) })}
            {ask.retry > 0 ? ` · ${t('simulator.retry', { n: ask.retry })}` : ''}
          </Text>
          {!singleKey && (
            <Badge variant="light" size="lg" radius="sm" ff="monospace" className="digit-buffer">
              {buffer || '…'}
            </Badge>
          )}
        </Group>
      )}
      <SimpleGrid cols={3} spacing={6} verticalSpacing={6}>
        {KEYS.map((key) => (
          <Button key={key} variant="default" size="md" className="keypad-key" disabled={!ask || busy} onClick={() => press(key)} aria-label={t('simulator.key', { key })}>
            {key}
          </Button>
        ))}
      </SimpleGrid>
      <Text size="xs" c="dimmed" ta="center">
        {t('simulator.keyboardHint')}
      </Text>
      {ask && !singleKey && (
        <Button size="xs" variant="light" leftSection={<IconSend size={14} />} disabled={!buffer || busy} onClick={sendBuffer}>
          {t('simulator.sendDigits')}
        </Button>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!speech.trim()) return;
          void sendToPreview({ type: 'speech', text: speech.trim(), confidence: 0.9 }, `“${speech.trim()}”`);
          setSpeech('');
        }}
      >
        <Group gap={4} wrap="nowrap">
          <Tooltip label={ask?.speech ? t('simulator.speechHelp') : t('simulator.noSpeech')}>
            <TextInput
              size="xs"
              style={{ flex: 1 }}
              leftSection={<IconMicrophone size={14} />}
              placeholder={t('simulator.saySomething')}
              value={speech}
              disabled={!ask?.speech || busy}
              onChange={(e) => setSpeech(e.currentTarget.value)}
            />
          </Tooltip>
          <ActionIcon type="submit" variant="light" disabled={!ask?.speech || busy} aria-label={t('simulator.say')}>
            <IconSend size={14} />
          </ActionIcon>
        </Group>
      </form>
      <Group grow gap={6}>
        <Button size="xs" variant="default" leftSection={<IconEar size={14} />} disabled={!ask || busy} onClick={() => void sendToPreview({ type: 'noInput' }, t('simulator.silence'))}>
          {t('simulator.silence')}
        </Button>
        <Button
          size="xs"
          color="red"
          variant="light"
          leftSection={<IconPhoneOff size={14} />}
          disabled={wait.ended || turns.length === 0 || busy}
          onClick={() => void sendToPreview({ type: 'hangup' }, t('simulator.hangup'))}
        >
          {t('simulator.hangup')}
        </Button>
      </Group>
    </Stack>
  );
}

function TurnView({ turn, flowId }: { turn: SimulatorTurn; flowId: string }) {
  const { t } = useTranslation();
  const doc = useDocument((s) => s.doc);
  return (
    <>
      {turn.shown && (
        <div className="bubble caller">
          <Text size="sm">{turn.shown}</Text>
        </div>
      )}
      {turn.effects.map((effect, i) => {
        // A look-up's answer shows right after its request, before what the flow said next.
        const answer = effect.type === 'webhook' ? turn.lookups.find((l) => l.node === effect.node) : undefined;
        return (
          <Fragment key={i}>
            <EffectView effect={effect} flowId={flowId} />
            {answer && <LookupNote lookup={answer} />}
          </Fragment>
        );
      })}
      {turn.lookups
        .filter((l) => !turn.effects.some((e) => e.type === 'webhook' && e.node === l.node))
        .map((lookup, i) => (
          <LookupNote key={`l${i}`} lookup={lookup} />
        ))}
      {visibleIssues(turn).map((issue, i) => (
        <Text key={`i${i}`} size="xs" c={issue.severity === 'error' ? 'red' : 'orange'} className="sim-note">
          ⚠ {describeStepIssue(issue, t, doc)}
        </Text>
      ))}
    </>
  );
}

function EffectView({ effect, flowId }: { effect: Effect; flowId: string }) {
  const { t } = useTranslation();
  switch (effect.type) {
    case 'say': {
      const text = stripSsml(effect.redacted ?? effect.text ?? '');
      return (
        <div className="bubble flow" data-node={effect.node}>
          {text && <Text size="sm">{text}</Text>}
          {effect.variant && <VariantNotes effects={[effect]} />}
          {effect.audio && (
            <Group gap={4} mt={text ? 4 : 0}>
              <ActionIcon size="xs" variant="light" color="teal" onClick={() => void new Audio(audioApi.url(flowId, effect.audio as string)).play().catch(() => {})} aria-label={t('audio.play')}>
                <IconPlayerPlay size={10} />
              </ActionIcon>
              <Text size="xs" c="dimmed">
                <IconVolume size={10} /> {effect.audio}
              </Text>
            </Group>
          )}
        </div>
      );
    }
    case 'ask':
      return (
        <Text size="xs" c="dimmed" className="sim-note">
          ⌨ {effect.options ? effect.options.map((o) => `${o.key} ${isolate(o.label)}`).join(' · ') : t(`simulator.askKind.${effect.kind}`)}
          {effect.speech ? ` · ${t('simulator.speechOn')}` : ''}
        </Text>
      );
    case 'webhook':
      return (
        <Text size="xs" c="dimmed" className="sim-note" ff="monospace">
          ⇄ {effect.method} {effect.backend ? `${effect.backend}:` : ''}
          {effect.url}
        </Text>
      );
    case 'handoff':
      return <HandoffView queue={effect.queue} priority={effect.priority} continueOn={effect.continueOn} message={effect.message} />;
    case 'classify':
      return (
        <Text size="xs" c="dimmed" className="sim-note">
          🧠 {t('simulator.classifying', { text: effect.text })}
        </Text>
      );
    case 'locale':
      return (
        <Text size="xs" c="dimmed" className="sim-note">
          🌐 {t('simulator.localeNow', { locale: effect.locale })}
        </Text>
      );
    case 'end':
      return (
        <Text size="xs" c="dimmed" className="sim-note sim-end">
          ■ {t('simulator.ended', { reason: t(`simulator.endReasons.${effect.reason}`, { defaultValue: effect.reason }) })}
        </Text>
      );
  }
}

interface HandoffViewProps {
  queue: string;
  priority: number;
  /** The agent answers on WhatsApp, where `message` opens the conversation. */
  continueOn?: 'whatsapp' | undefined;
  message?: string | undefined;
}

export function HandoffView({ queue, priority, continueOn, message }: HandoffViewProps) {
  const { t } = useTranslation();
  return (
    <Paper withBorder radius="md" p={6} className="sim-handoff">
      <Text size="xs">🎧 {t('simulator.handoff', { queue, priority })}</Text>
      {continueOn && (
        <Text size="xs" c="dimmed" data-continue-on={continueOn}>
          💬 {t('simulator.continuesOn')}
        </Text>
      )}
      {continueOn && message && (
        <Text size="xs" fs="italic">
          {message}
        </Text>
      )}
    </Paper>
  );
}
