import { useState } from 'react';
import { Group, Paper, Select, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { VersionFigures } from '@griot/flows';
import { useFigureFormat, type FigureFormat } from './figureFormat.ts';
import { versionLabel } from './versionLabel.ts';
import { MIN_CONTACTS_TO_CONCLUDE, MIN_EXPECTED_TO_CONCLUDE, versionVerdict } from './versionVerdict.ts';

const keyOf = (v: VersionFigures) => (v.version === null ? 'draft' : String(v.version));
const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);

interface Row {
  id: string;
  label: string;
  value(v: VersionFigures): string;
  /** A row left out when it is zero for every version shown (outcomes most flows never have). */
  onlyIfAny?(v: VersionFigures): number;
}

function rows(t: (key: string) => string, format: FigureFormat): Row[] {
  return [
    { id: 'contacts', label: t('analytics.kpi.contacts'), value: (v) => format.count(v.contacts) },
    { id: 'containmentRaw', label: t('analytics.kpi.containmentRaw'), value: (v) => format.percent(v.containment.raw) },
    { id: 'containmentCorrected', label: t('analytics.kpi.containmentCorrected'), value: (v) => format.percent(v.containment.corrected) },
    // Every time a caller asked for an agent, whatever came of it: beside the transfers, what the version's menus made callers ask.
    { id: 'handoffRequests', label: t('analytics.versions.handoffRequests'), value: (v) => format.count(v.handoffRequests) },
    { id: 'transferred', label: t('analytics.outcomes.transferred'), value: (v) => `${format.count(v.outcomes.transferred)} (${format.percent(share(v.outcomes.transferred, v.contacts))})` },
    { id: 'abandoned', label: t('analytics.outcomes.abandoned'), value: (v) => `${format.count(v.outcomes.abandoned)} (${format.percent(share(v.outcomes.abandoned, v.contacts))})` },
    { id: 'error', label: t('analytics.outcomes.error'), value: (v) => format.count(v.outcomes.error) },
    { id: 'callback', label: t('analytics.outcomes.callback'), value: (v) => format.count(v.outcomes.callback), onlyIfAny: (v) => v.outcomes.callback },
    { id: 'noAgent', label: t('analytics.outcomes.noAgent'), value: (v) => format.count(v.outcomes.noAgent), onlyIfAny: (v) => v.outcomes.noAgent },
    { id: 'unfinished', label: t('analytics.outcomes.unfinished'), value: (v) => `${format.count(v.outcomes.unfinished)} (${format.percent(share(v.outcomes.unfinished, v.contacts))})` },
    { id: 'csatAverage', label: t('analytics.csat.average'), value: (v) => (v.csat.average === null ? '—' : `${format.decimal(v.csat.average)} / ${v.csat.scale}`) },
    { id: 'csatAnswered', label: t('analytics.csat.answered'), value: (v) => format.count(v.csat.answered) },
    { id: 'csatResponseRate', label: t('analytics.csat.responseRate'), value: (v) => format.percent(v.csat.responseRate) },
  ];
}

/**
 * Two versions of the flow side by side over the same period and filters: contacts, containment
 * raw and corrected, requests for an agent, transfers, drop-outs and satisfaction. The latest two by default.
 */
export function VersionsSideBySide({ versions }: { versions: VersionFigures[] }) {
  const { t } = useTranslation();
  const format = useFigureFormat();
  const latest = [...versions].sort((a, b) => (b.version ?? Infinity) - (a.version ?? Infinity));
  const [left, setLeft] = useState<string | null>(null);
  const [right, setRight] = useState<string | null>(null);
  const options = latest.map((v) => ({ value: keyOf(v), label: versionLabel(t, v.version) }));
  const a = latest.find((v) => keyOf(v) === left) ?? latest[1] ?? latest[0];
  const b = latest.find((v) => keyOf(v) === right) ?? (latest.length > 1 ? latest[0] : undefined);
  const shown = [a, b].filter((v): v is VersionFigures => v !== undefined);
  return (
    <Paper withBorder radius="md" p="sm" className="versions-side-by-side" component="section" aria-labelledby="versions-title">
      <Text fw={600} size="sm" id="versions-title" mb={4}>
        {t('analytics.versions.title')}
      </Text>
      {versions.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('analytics.charts.empty')}
        </Text>
      ) : (
        <>
          <Group gap="xs" mb="xs">
            <Select size="xs" label={t('analytics.versions.left')} data={options} value={a ? keyOf(a) : null} allowDeselect={false} onChange={setLeft} w={140} />
            {versions.length > 1 && <Select size="xs" label={t('analytics.versions.right')} data={options} value={b ? keyOf(b) : null} allowDeselect={false} onChange={setRight} w={140} />}
          </Group>
          {versions.length < 2 && (
            <Text size="xs" c="dimmed" mb="xs">
              {t('analytics.versions.onlyOne')}
            </Text>
          )}
          <Table fz="xs" striped withColumnBorders>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('analytics.versions.figure')}</Table.Th>
                {shown.map((v, i) => (
                  <Table.Th scope="col" key={i} data-version-column={keyOf(v)}>
                    {versionLabel(t, v.version)}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows(t, format)
                .filter((row) => !row.onlyIfAny || shown.some((v) => (row.onlyIfAny?.(v) ?? 0) > 0))
                .map((row) => (
                  <Table.Tr key={row.id} data-version-row={row.id}>
                    <Table.Th scope="row" fw={400}>
                      {row.label}
                    </Table.Th>
                    {shown.map((v, i) => (
                      <Table.Td key={i}>{row.value(v)}</Table.Td>
                    ))}
                  </Table.Tr>
                ))}
            </Table.Tbody>
          </Table>
          {a && b && a !== b && (
            <div className="versions-verdict" data-testid="versions-verdict">
              <Text size="xs" fw={600} mt="xs">
                {t('analytics.versions.verdictTitle')}
              </Text>
              {(['abandoned', 'transferred'] as const).map((outcome) => {
                const verdict = versionVerdict({ count: a.outcomes[outcome], contacts: a.contacts }, { count: b.outcomes[outcome], contacts: b.contacts });
                return (
                  <Text size="xs" key={outcome} data-verdict={outcome} data-verdict-value={verdict}>
                    {t('analytics.versions.verdictLine', {
                      figure: t(`analytics.outcomes.${outcome}`),
                      first: format.percent(share(a.outcomes[outcome], a.contacts)),
                      second: format.percent(share(b.outcomes[outcome], b.contacts)),
                      a: versionLabel(t, a.version),
                      b: versionLabel(t, b.version),
                      verdict: t(`analytics.versions.verdicts.${verdict}`, {
                        min: MIN_CONTACTS_TO_CONCLUDE,
                        minCases: MIN_EXPECTED_TO_CONCLUDE,
                        na: format.count(a.contacts),
                        nb: format.count(b.contacts),
                      }),
                    })}
                  </Text>
                );
              })}
              <Text size="xs" c="dimmed" mt={4}>
                {t('analytics.versions.readingNote')}
              </Text>
            </div>
          )}
        </>
      )}
    </Paper>
  );
}
