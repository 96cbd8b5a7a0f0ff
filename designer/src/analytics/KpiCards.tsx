import { Badge, Paper, SimpleGrid, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { FlowAnalytics } from '@griot/flows';
import { useFigureFormat } from './figureFormat.ts';

const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/** The period at a glance: contacts, containment raw and corrected, transfers, drop-outs, still open (so the shares add up), satisfaction. */
export function KpiCards({ report }: { report: FlowAnalytics }) {
  const { t } = useTranslation();
  const format = useFigureFormat();
  const { contacts, outcomes, containment, csat } = report;
  const others = outcomes.callback + outcomes.noAgent + outcomes.error;
  const cards: Array<{ id: string; label: string; value: string; detail: string; help?: string; flag?: string }> = [
    { id: 'contacts', label: t('analytics.kpi.contacts'), value: format.count(contacts), detail: t('analytics.kpi.duration', { duration: format.duration(report.averageDurationSeconds) }) },
    {
      id: 'containmentRaw',
      label: t('analytics.kpi.containmentRaw'),
      value: format.percent(containment.raw),
      detail: t('analytics.kpi.contained', { count: containment.contained, n: format.count(containment.contained) }),
      help: t('analytics.kpi.containmentRawHelp'),
    },
    {
      id: 'containmentCorrected',
      label: t('analytics.kpi.containmentCorrected'),
      value: format.percent(containment.corrected),
      detail: t('analytics.kpi.returned', { count: containment.returned, n: format.count(containment.returned), hours: containment.windowHours }),
      help: t('analytics.kpi.containmentCorrectedHelp', { hours: containment.windowHours }),
      ...(containment.provisional ? { flag: t('analytics.kpi.provisional') } : {}),
    },
    { id: 'transferred', label: t('analytics.outcomes.transferred'), value: format.count(outcomes.transferred), detail: format.percent(share(outcomes.transferred, contacts)) },
    { id: 'abandoned', label: t('analytics.outcomes.abandoned'), value: format.count(outcomes.abandoned), detail: format.percent(share(outcomes.abandoned, contacts)) },
    // With these the cards add up to every contact: still open (« en cours »), and the rarer endings.
    {
      id: 'unfinished',
      label: t('analytics.outcomes.unfinished'),
      value: format.count(outcomes.unfinished),
      detail:
        others > 0
          ? t('analytics.kpi.others', { share: format.percent(share(outcomes.unfinished, contacts)), n: format.count(others), otherShare: format.percent(share(others, contacts)) })
          : format.percent(share(outcomes.unfinished, contacts)),
      help: t('analytics.kpi.unfinishedHelp'),
    },
    {
      id: 'csat',
      label: t('analytics.kpi.csat'),
      value: csat.average === null ? '—' : `${format.decimal(csat.average)} / ${csat.scale}`,
      detail: t('analytics.kpi.csatDetail', { count: csat.answered, n: format.count(csat.answered), rate: format.percent(csat.responseRate) }),
    },
  ];
  return (
    <SimpleGrid cols={{ base: 2, md: 4, lg: 7 }} spacing="sm" className="kpi-cards">
      {cards.map((card) => (
        <Paper key={card.id} withBorder radius="md" p="sm" className="kpi-card" data-kpi={card.id} component="section" aria-labelledby={`kpi-${card.id}`}>
          <Text size="xs" c="dimmed" fw={600} id={`kpi-${card.id}`} className="kpi-label">
            {card.help ? (
              // A button, so the explanation opens from the keyboard too (on focus) and on touch screens.
              <Tooltip label={card.help} multiline w={260} events={{ hover: true, focus: true, touch: true }}>
                <UnstyledButton fz="inherit" fw="inherit" c="inherit">
                  {card.label}
                </UnstyledButton>
              </Tooltip>
            ) : (
              card.label
            )}
            {card.flag && (
              <Badge size="xs" variant="light" color="orange" ml={6}>
                {card.flag}
              </Badge>
            )}
          </Text>
          <Text fz={26} fw={700} className="kpi-value" data-value>
            {card.value}
          </Text>
          <Text size="xs" c="dimmed" data-detail>
            {card.detail}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}
