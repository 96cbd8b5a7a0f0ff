import { useEffect, useState } from 'react';
import { Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { diffFlows, type Channel, type Flow, type FlowDiff } from '@griot/flows';
import { flowsApi } from '../api/flowsApi.ts';
import type { EnvironmentPointer } from '../api/types.ts';
import { changesByChannel, linesReached, type ChannelChange, type Environment, type LineReached } from './linesReached.ts';
import { PhoneNumber } from '../i18n/PhoneNumber.tsx';

interface Reach {
  lines: LineReached[];
  /** The version the environment runs now (what the lines change from); null: none yet. */
  from: number | null;
  changes: Record<Channel, ChannelChange> | null;
  /** The server's inactivity for lines that set none (GRIOT_SESSION_TTL_MINUTES); null from a server that does not say it. */
  serverInactivity: number | null;
}

const versionOf = (p: EnvironmentPointer | number | null | undefined) => (p === null || p === undefined ? null : typeof p === 'number' ? p : p.version);

/**
 * Where a version goes when it is put in an environment, in the dialogs that put it there: each
 * line (channel, address; for staging, the test numbers routed there), when it starts serving
 * it, and what changes for that channel against what the environment runs now (the versions'
 * diff, read per channel). No line: said plainly. The bindings are read as the versions panel
 * reads them (viewer), so an editor sees no more here than there.
 *
 * `version`: the version put there; `'draft'` with `draft` for a draft not yet published (read
 * from the editor, not the server, so unsaved edits count), or `'draft'` alone for the draft
 * the server holds (a publication request's, frozen at its revision).
 */
export function LinesReached({
  flowId,
  environment,
  version,
  draft,
  heading,
}: {
  flowId: string;
  environment: Environment;
  version: number | 'draft';
  draft?: Flow | null;
  /** Said above the table instead of "Lignes qui serviront la version en …". */
  heading?: string;
}) {
  const { t } = useTranslation();
  const [reach, setReach] = useState<Reach | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setReach(null);
    setError(null);
    (async () => {
      const [bindings, environments] = await Promise.all([flowsApi.bindings(), flowsApi.environments(flowId)]);
      const from = versionOf(environments[environment] as EnvironmentPointer | number | null);
      let diff: FlowDiff | null = null;
      if (from !== null && from !== version) {
        diff = draft && version === 'draft' ? diffFlows((await flowsApi.version(flowId, from)).document, draft) : await flowsApi.diff(flowId, from, version);
      }
      const serverInactivity = typeof environments.inactivityMinutes === 'number' ? environments.inactivityMinutes : null;
      if (live) setReach({ lines: linesReached(bindings, flowId, environment), from, changes: diff ? changesByChannel(diff) : null, serverInactivity });
    })().catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [flowId, environment, version, draft]);

  const env = t(`environments.${environment}`);
  if (error) {
    return (
      <Text size="xs" c="red" data-lines-reached={environment}>
        {t('reach.failed', { message: error })}
      </Text>
    );
  }
  if (!reach) {
    return (
      <Text size="xs" c="dimmed" data-lines-reached={environment} data-loading>
        {t('reach.loading')}
      </Text>
    );
  }
  if (reach.lines.length === 0) {
    return (
      <Text size="sm" c="orange.8" data-lines-reached={environment} data-no-lines>
        {t(`reach.none.${environment}`)}
      </Text>
    );
  }
  const changeOf = (channel: string) => {
    if (reach.from === null) return t('reach.first');
    const change = reach.changes?.[channel as Channel];
    if (!change || change.own + change.shared === 0) return t('reach.unchanged');
    return [change.own > 0 ? t('reach.own', { count: change.own }) : null, change.shared > 0 ? t('reach.shared', { count: change.shared }) : null].filter(Boolean).join(' + ');
  };
  // A line without its own inactivity uses the server's, which the server says.
  const minutesOf = (line: LineReached) => line.inactivityMinutes ?? reach.serverInactivity;
  const whenOf = (line: LineReached) => {
    if (line.takes !== 'conversation') return t(`reach.when.${line.takes}`);
    const minutes = minutesOf(line);
    return minutes ? t('reach.when.conversation', { minutes }) : t('reach.when.conversationDefault');
  };
  const usesServerInactivity = reach.lines.some((l) => l.takes === 'conversation' && !l.inactivityMinutes);
  return (
    <Stack gap={4} data-lines-reached={environment}>
      <Text size="sm" fw={600}>
        {heading ?? t('reach.title', { environment: env })}
      </Text>
      <Table fz="xs" verticalSpacing={2} horizontalSpacing={6} withRowBorders={false} className="lines-reached">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('reach.channel')}</Table.Th>
            <Table.Th>{t('reach.line')}</Table.Th>
            <Table.Th>{t('reach.takes')}</Table.Th>
            <Table.Th>{reach.from !== null && reach.from !== version ? t('reach.changesSince', { n: reach.from }) : t('reach.changes')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {reach.lines.map((line) => (
            <Table.Tr key={`${line.bindingId}:${line.testers ?? 'all'}`} data-line={line.channel} data-address={line.address} data-testers={line.testers ?? undefined}>
              <Table.Td>
                <Text span size="xs" fw={600} style={{ whiteSpace: 'nowrap' }}>
                  {t(`admin.channels.${line.channel}.name`, { defaultValue: line.channel })}
                </Text>
              </Table.Td>
              <Table.Td>
                <PhoneNumber number={line.address} />
                {line.testers !== null && (
                  <Text span size="xs" c="dimmed">
                    {' '}
                    · {t('reach.testers', { count: line.testers })}
                  </Text>
                )}
              </Table.Td>
              <Table.Td data-takes={line.takes}>{whenOf(line)}</Table.Td>
              <Table.Td data-changes>{changeOf(line.channel)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed">
        {!usesServerInactivity ? t('reach.ongoing') : reach.serverInactivity ? t('reach.ongoingServer', { minutes: reach.serverInactivity }) : t('reach.ongoingDefault')}
      </Text>
    </Stack>
  );
}
