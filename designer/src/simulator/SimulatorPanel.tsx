import { useEffect, useState } from 'react';
import { Alert, Button, Divider, Group, Modal, ScrollArea, SegmentedControl, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import {
  IconBrandMessenger,
  IconBrandTelegram,
  IconBrandWhatsapp,
  IconDeviceFloppy,
  IconHash,
  IconMessage,
  IconMessageCircle,
  IconPhone,
  IconPlayerPlay,
  IconRefresh,
  IconSquare,
} from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { isConfigurationFailure, type Channel } from '@griot/flows';
import { documentActions, useDocument } from '../store/documentStore.ts';
import { useLocales } from '../store/selectors.ts';
import { refreshEnvironments, useVersions } from '../versions/versionsStore.ts';
import type { PreviewSource } from '../api/types.ts';
import { simulatorStore, useSimulator } from './simulatorStore.ts';
import { sendToPreview, startPreview, stopPreview, switchChannel } from './previewController.ts';
import { currentWait } from './currentAsk.ts';
import { agentOutcomes } from './agentOutcomes.ts';
import { VoicePhone } from './VoicePhone.tsx';
import { WhatsAppPhone } from './WhatsAppPhone.tsx';
import { SmsPhone } from './SmsPhone.tsx';
import { MessengerPhone } from './MessengerPhone.tsx';
import { UssdPhone } from './UssdPhone.tsx';
import { VariablesView } from './VariablesView.tsx';
import { UnderstandingNotes } from './UnderstandingNotes.tsx';
import { hasSomethingToReplay, sessionToTestCase, syntheticVariables } from './sessionToTestCase.ts';
import { useTestNumbers } from './useTestNumbers.ts';
import { previewApi } from '../api/previewApi.ts';
import { testNumberChoice, testNumberLabel } from './testNumberChoice.ts';
import { backendPreviewRefusal } from './backendPreviewAccess.ts';
import { useUser } from '../app/sessionStore.ts';
import { useSimulatorDefaults } from './useSimulatorDefaults.ts';

/** The channels the simulator plays, in the order of its switch, each with its icon. */
const SIMULATED_CHANNELS: { channel: Channel; Icon: typeof IconPhone }[] = [
  { channel: 'voice', Icon: IconPhone },
  { channel: 'whatsapp', Icon: IconBrandWhatsapp },
  { channel: 'webchat', Icon: IconMessageCircle },
  { channel: 'sms', Icon: IconMessage },
  { channel: 'telegram', Icon: IconBrandTelegram },
  { channel: 'messenger', Icon: IconBrandMessenger },
  { channel: 'ussd', Icon: IconHash },
];

const sourceKey = (source: PreviewSource) => (typeof source === 'string' ? source : `v${source.version}`);
const sourceOf = (key: string): PreviewSource => (key.startsWith('v') ? { version: Number(key.slice(1)) } : (key as PreviewSource));

/** The testers' simulator: run any version as a call, a WhatsApp, SMS, Telegram or Messenger chat, or a USSD session, and follow it on the canvas. */
export function SimulatorPanel() {
  const { t } = useTranslation();
  const settings = useSimulator((s) => s.settings);
  const sessionId = useSimulator((s) => s.sessionId);
  const error = useSimulator((s) => s.error);
  const busy = useSimulator((s) => s.busy);
  const turns = useSimulator((s) => s.turns);
  // The phone shows the channel the session runs on (the server rendered its turns for it).
  const sessionChannel = useSimulator((s) => s.state?.channel ?? s.settings.channel);
  const locales = useLocales();
  const tests = useDocument((s) => s.doc?.tests);
  const versions = useVersions((s) => s.versions);
  const environments = useVersions((s) => s.environments);
  const user = useUser();
  const [saving, setSaving] = useState(false);
  // Sets up a test number and the staging system when the panel opens; what the user changes is remembered for this flow.
  const update = useSimulatorDefaults();
  const wait = currentWait(turns);
  const waitingForAgentAt = useSimulator((s) => (s.state?.wait?.for === 'handoff' ? s.state.wait.node : null));
  // A draft preview runs the draft on screen: its node tells the outcomes (a version's may differ).
  const runsDraft = useSimulator((s) => s.state?.flowVersion === null);
  const draftNode = useDocument((s) => (waitingForAgentAt && runsDraft ? s.doc?.nodes.find((n) => n.id === waitingForAgentAt) : undefined));

  const sources = [
    { value: 'draft', label: t('versions.draft') },
    { value: 'staging', label: t('environments.staging') },
    { value: 'production', label: t('environments.production') },
    ...versions.map((v) => ({ value: `v${v.number}`, label: `v${v.number} · ${v.label ?? v.message.slice(0, 30)}` })),
  ];
  // Opening the simulator reads again what staging and production run: the tab may have been open since before a promotion or a rollback.
  const flowId = useDocument((s) => s.flowId);
  useEffect(() => {
    if (flowId) void refreshEnvironments(flowId);
  }, [flowId]);
  const answering = settings.source === 'staging' || settings.source === 'production' ? { name: settings.source, pointer: environments[settings.source] } : null;
  // The staging system answers with real data: only content a publisher vetted (the server refuses the rest), and only for a test number, picked from the list.
  const stagingRefusal = backendPreviewRefusal(user, settings.source, environments);
  const onStaging = settings.backend.kind === 'staging' && stagingRefusal === null;
  const stagingRefused = settings.backend.kind === 'staging' && stagingRefusal !== null;
  const testNumbers = useTestNumbers(onStaging);
  const chosenTestNumber = onStaging && testNumbers.numbers ? testNumberChoice(settings.callerNumber, testNumbers.numbers) : null;
  useEffect(() => {
    if (chosenTestNumber && chosenTestNumber !== settings.callerNumber) simulatorStore.getState().updateSettings({ callerNumber: chosenTestNumber });
  }, [chosenTestNumber, settings.callerNumber]);
  const noTestNumber = onStaging && testNumbers.numbers !== null && chosenTestNumber === null;
  // Préproduction is tried against the staging system as one of the tester's numbers, when they have one:
  // left on "no system" (every look-up fails) and any number, its first preview would only say "unavailable".
  const chooseSource = (source: PreviewSource) => {
    update({ source });
    if (source !== 'staging' || settings.backend.kind !== 'none' || backendPreviewRefusal(user, source, environments) !== null) return;
    previewApi.testNumbers().then(
      (numbers) => {
        const first = numbers[0];
        const now = simulatorStore.getState().settings;
        if (first && now.source === 'staging' && now.backend.kind === 'none') update({ backend: { kind: 'staging' }, callerNumber: testNumberChoice(now.callerNumber, numbers) ?? first.number });
      },
      () => {},
    );
  };
  const backendKey = settings.backend.kind === 'fixtures' ? `fixtures:${settings.backend.testCase}` : settings.backend.kind;
  const backends = [
    { value: 'none', label: t('simulator.noBackend') },
    { value: 'staging', label: t('simulator.stagingBackend'), disabled: stagingRefusal !== null },
    ...(tests ?? []).flatMap((tc, i) => (Object.keys(tc.fixtures).length > 0 ? [{ value: `fixtures:${i}`, label: t('simulator.fixturesOf', { name: tc.name }) }] : [])),
  ];

  return (
    <ScrollArea h="100%">
      <Stack p="md" gap="sm">
        <Group justify="space-between">
          <Text fw={600}>{t('simulator.title')}</Text>
          {sessionId && (
            <Group gap={4}>
              <Button size="compact-xs" variant="light" leftSection={<IconRefresh size={12} />} onClick={() => void startPreview()} loading={busy}>
                {t('simulator.restart')}
              </Button>
              <Button size="compact-xs" variant="subtle" color="gray" leftSection={<IconSquare size={12} />} onClick={stopPreview}>
                {t('simulator.stop')}
              </Button>
            </Group>
          )}
        </Group>
        <SegmentedControl
          fullWidth
          size="xs"
          styles={{ label: { paddingInline: 2 } }}
          aria-label={t('channels.label')}
          value={settings.channel}
          onChange={(v) =>
            void switchChannel(v as Channel).then((restarted) => {
              if (restarted) notifications.show({ color: 'blue', message: t('channels.switched', { channel: t(`channels.${v}`) }) });
            })
          }
          data={SIMULATED_CHANNELS.map(({ channel, Icon }) => ({
            value: channel,
            label: (
              // Seven channels share the panel's width: the name under its icon, whole (beside it, "Telegram" read "T…").
              <Stack gap={0} align="center" className="sim-channel-tab" title={t(`channels.${channel}`)}>
                <Icon size={14} />
                <span>{t(`channels.${channel}`)}</span>
              </Stack>
            ),
          }))}
        />
        <Group grow gap="xs">
          <Select size="xs" label={t('simulator.source')} data={sources} value={sourceKey(settings.source)} onChange={(v) => v && chooseSource(sourceOf(v))} />
          <Select
            size="xs"
            label={t('simulator.locale')}
            placeholder={t('simulator.localeAuto')}
            clearable
            data={locales.map((l) => ({ value: l.code, label: l.name }))}
            value={settings.locale}
            onChange={(v) => update({ locale: v })}
          />
        </Group>
        {/* Which version answers there, as a call from a test number or a subscriber's would hear it. */}
        {answering && (
          <Text size="xs" c="dimmed" data-simulator-answers>
            {answering.pointer
              ? t('simulator.answeringVersion', { environment: t(`environments.${answering.name}`), n: answering.pointer.version })
              : t('simulator.answeringNone', { environment: t(`environments.${answering.name}`) })}
          </Text>
        )}
        {/* One above the other: side by side in the panel, « Système de préproduction » was cut to « Système de préproduct… ». */}
        <Stack gap="xs">
          {onStaging ? (
            <Select
              size="xs"
              label={t('simulator.testNumber')}
              placeholder={t('simulator.chooseTestNumber')}
              data={(testNumbers.numbers ?? []).map((n) => ({ value: n.number, label: n.number }))}
              // Each option says where the number's calls go; the field shows the number alone.
              renderOption={({ option }) => {
                const listed = testNumbers.numbers?.find((n) => n.number === option.value);
                return <Text size="xs">{listed ? testNumberLabel(listed, (c) => t(`channels.${c}`, { defaultValue: c })) : option.label}</Text>;
              }}
              value={chosenTestNumber}
              onChange={(v) => v && update({ callerNumber: v })}
              allowDeselect={false}
              data-test-numbers={testNumbers.numbers?.length ?? ''}
            />
          ) : (
            <TextInput size="xs" label={t('simulator.callerNumber')} value={settings.callerNumber} onChange={(e) => update({ callerNumber: e.currentTarget.value })} />
          )}
          <Select
            size="xs"
            label={t('simulator.backend')}
            data={backends}
            value={backendKey}
            allowDeselect={false}
            onChange={(v) => {
              update({ backend: !v || v === 'none' ? { kind: 'none' } : v === 'staging' ? { kind: 'staging' } : { kind: 'fixtures', testCase: Number(v.split(':')[1]) } });
              // A refusal of the last start (a number not listed) no longer applies.
              if (!sessionId) simulatorStore.setState({ error: null });
            }}
          />
        </Stack>
        {onStaging && !noTestNumber && (
          <Text size="xs" c="dimmed">
            {t('simulator.testNumberHelp')}
          </Text>
        )}
        {stagingRefusal !== null && (
          <Alert color={stagingRefused ? 'yellow' : 'gray'} variant="light" p="xs" data-staging-refused={stagingRefusal}>
            <Text size="xs">{t(stagingRefusal === 'draft' ? 'simulator.stagingNotForDraft' : 'simulator.stagingNotVetted')}</Text>
          </Alert>
        )}
        {noTestNumber && (
          <Alert color="yellow" variant="light" p="xs" data-no-test-number>
            <Text size="xs">{testNumbers.error ?? t('simulator.noTestNumbers')}</Text>
          </Alert>
        )}
        {settings.channel === 'voice' && <Switch size="xs" label={t('simulator.playAudio')} checked={settings.playAudio} onChange={(e) => update({ playAudio: e.currentTarget.checked })} />}
        {!sessionId && (
          <Button
            leftSection={<IconPlayerPlay size={16} />}
            loading={busy || (onStaging && testNumbers.numbers === null)}
            disabled={noTestNumber || stagingRefused}
            onClick={() => void startPreview()}
            data-action="start-simulator"
          >
            {settings.channel === 'voice' ? t('simulator.call') : settings.channel === 'ussd' ? t('simulator.dial') : t('simulator.startChat')}
          </Button>
        )}
        {error && (
          <Alert color="red" variant="light">
            {error}
          </Alert>
        )}
        {sessionId &&
          (sessionChannel === 'voice' ? (
            <VoicePhone />
          ) : sessionChannel === 'sms' ? (
            <SmsPhone />
          ) : sessionChannel === 'messenger' ? (
            <MessengerPhone />
          ) : sessionChannel === 'ussd' ? (
            <UssdPhone />
          ) : (
            <WhatsAppPhone channel={sessionChannel === 'webchat' || sessionChannel === 'telegram' ? sessionChannel : 'whatsapp'} />
          ))}
        {sessionId && <UnderstandingNotes />}
        {sessionId && waitingForAgentAt && (
          <Stack gap={4}>
            <Text size="xs" c="dimmed">
              {t('simulator.agentOutcome')}
            </Text>
            <Group grow gap={4}>
              {agentOutcomes(waitingForAgentAt, draftNode, turns).map((outcome) => (
                <Button key={outcome} size="compact-xs" variant="light" color="pink" data-outcome={outcome} onClick={() => void sendToPreview({ type: 'handoff', outcome }, t(`outputs.${outcome}`))}>
                  {t(`outputs.${outcome}`)}
                </Button>
              ))}
            </Group>
          </Stack>
        )}
        {sessionId && (
          <>
            <Divider label={t('simulator.variables')} labelPosition="left" />
            <VariablesView />
            <Button size="xs" variant="light" leftSection={<IconDeviceFloppy size={14} />} disabled={!hasSomethingToReplay(turns) || busy} onClick={() => setSaving(true)}>
              {t('simulator.saveAsTest')}
            </Button>
            {wait.ended && (
              <Text size="xs" c="dimmed" ta="center">
                {t('simulator.endedHint')}
              </Text>
            )}
          </>
        )}
        <SaveTestModal opened={saving} onClose={() => setSaving(false)} />
      </Stack>
    </ScrollArea>
  );
}

function SaveTestModal({ opened, onClose }: { opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const turns = useSimulator((s) => s.turns);
  const lookups = turns.flatMap((turn) => turn.lookups);
  const synthetic = syntheticVariables(turns);
  const save = () => {
    const { settings, turns: played, fixtures, state } = simulatorStore.getState();
    const testCase = sessionToTestCase({
      name: name.trim(),
      channel: settings.channel,
      callerNumber: settings.callerNumber,
      caller: state?.caller,
      locale: settings.locale,
      fixtures,
      turns: played,
    });
    documentActions().addTestCase(testCase);
    notifications.show({ color: 'teal', message: t('simulator.testSaved', { name: testCase.name }) });
    setName('');
    onClose();
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('simulator.saveAsTest')} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) save();
        }}
      >
        <Stack>
          <TextInput label={t('tests.name')} value={name} data-autofocus onChange={(e) => setName(e.currentTarget.value)} />
          <Text size="xs" c="dimmed">
            {t('simulator.saveAsTestHelp')}
          </Text>
          {lookups.length > 0 && (
            <Stack gap={4} data-recorded-lookups>
              <Text size="xs" fw={600}>
                {t('simulator.recordedLookups')}
              </Text>
              {lookups.map((lookup, i) => (
                <Text key={i} size="xs" ff="monospace" data-lookup={lookup.node}>
                  {lookup.node} · {lookup.outcome === 'response' ? lookup.status : t(`simulator.lookupOutcome.${isConfigurationFailure(lookup.reason?.code) ? 'misconfigured' : lookup.outcome}`)}
                </Text>
              ))}
              <Text size="xs" c="dimmed">
                {t('simulator.recordedLookupsHelp')}
              </Text>
            </Stack>
          )}
          {synthetic.length > 0 && (
            <Alert color="blue" variant="light" p="xs" data-synthetic={synthetic.join(',')}>
              <Text size="xs">{t('simulator.syntheticValues', { names: synthetic.join(', ') })}</Text>
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" disabled={!name.trim()}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
