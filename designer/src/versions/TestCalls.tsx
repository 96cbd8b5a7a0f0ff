import { useEffect, useState } from 'react';
import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { flowsApi } from '../api/flowsApi.ts';
import type { TestCall } from '../api/types.ts';
import { PhoneNumber } from '../i18n/PhoneNumber.tsx';

/** How long after an answer the list is read again while the panel is open and shown: a tester's call shows up without a reload. */
const EVERY_MS = 5000;

/**
 * The latest real calls from the flow's test numbers (a tester's phone routed to staging): when,
 * from which number, which version answered, and what was pressed and heard, turn by turn.
 */
export function TestCalls({ flowId }: { flowId: string }) {
  const { t, i18n } = useTranslation();
  const [calls, setCalls] = useState<TestCall[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let live = true;
    let reading = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The next read is planned once the answer is in (a slow server is never asked twice at once),
    // and none while the tab is hidden: it reads again as soon as it is shown.
    const read = () => {
      clearTimeout(timer);
      timer = undefined;
      if (!live || reading || document.hidden) return;
      reading = true;
      flowsApi
        .testCalls(flowId)
        .then(
          (list) => {
            if (!live) return;
            setCalls(list);
            setFailed(false);
          },
          () => live && setFailed(true),
        )
        .finally(() => {
          reading = false;
          if (live) timer = setTimeout(read, EVERY_MS);
        });
    };
    const shown = () => {
      if (!document.hidden && timer === undefined) read();
    };
    read();
    document.addEventListener('visibilitychange', shown);
    return () => {
      live = false;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', shown);
    };
  }, [flowId, tick]);

  const time = (at: string) => new Date(at).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const day = (at: string) => new Date(at).toLocaleDateString(i18n.language);
  const input = (value: unknown): string | null => {
    const event = (value ?? {}) as { type?: string; digits?: string; text?: string; reason?: string };
    if (event.type === 'start') return t('testCalls.started');
    if (event.type === 'end') return t('testCalls.ended', { reason: event.reason ?? '' });
    if (typeof event.digits === 'string') return t('testCalls.pressed', { digits: event.digits });
    if (typeof event.text === 'string') return t('testCalls.said', { text: event.text });
    return event.type ?? null;
  };

  return (
    <Stack gap={4} data-testid="test-calls">
      <Group justify="space-between" wrap="nowrap">
        <Text size="xs" fw={700} c="dimmed" tt="uppercase">
          {t('testCalls.title')}
        </Text>
        <Button size="compact-xs" variant="subtle" leftSection={<IconRefresh size={12} />} onClick={() => setTick((n) => n + 1)}>
          {t('testCalls.refresh')}
        </Button>
      </Group>
      {failed && (
        <Text size="xs" c="red">
          {t('testCalls.failed')}
        </Text>
      )}
      {calls?.length === 0 && (
        <Text size="xs" c="dimmed">
          {t('testCalls.none')}
        </Text>
      )}
      {calls?.map((call) => (
        <details key={call.sessionKey} className="test-call" data-test-call={call.callerNumber}>
          <summary>
            <Text span size="sm">
              {day(call.startedAt)} {time(call.startedAt)} · <PhoneNumber number={call.callerNumber} /> · {t(`admin.channels.${call.channel}.name`, { defaultValue: call.channel })} ·{' '}
            </Text>
            <Badge size="xs" variant="light" tt="none" data-test-call-version={call.flowVersion ?? ''}>
              {call.flowVersion === null ? t('testCalls.draft') : `v${call.flowVersion}`}
            </Badge>
            {!call.endedAt && (
              <Badge size="xs" variant="light" color="teal" ml={4}>
                {t('testCalls.inProgress')}
              </Badge>
            )}
          </summary>
          <Stack gap={2} pl="sm" mt={4}>
            {call.turns.map((turn, i) => (
              <div key={i}>
                {input(turn.input) && (
                  <Text size="xs" fw={600}>
                    {time(turn.at)} · {input(turn.input)}
                  </Text>
                )}
                {turn.prompts.map((prompt, j) => (
                  <Text key={j} size="xs" c="dimmed" pl="sm">
                    {prompt}
                  </Text>
                ))}
                {(turn.lookups ?? [])
                  .filter((l) => l.outcome === 'error' || l.outcome === 'misconfigured')
                  .map((l, k) => (
                    <Text key={`${l.node}:${k}`} size="xs" c="red" pl="sm" data-lookup-outcome={l.outcome}>
                      {t(l.outcome === 'misconfigured' ? 'testCalls.lookupMisconfigured' : 'testCalls.lookupFailed', { node: l.node, cause: l.cause ?? '' })}
                    </Text>
                  ))}
              </div>
            ))}
          </Stack>
        </details>
      ))}
    </Stack>
  );
}
