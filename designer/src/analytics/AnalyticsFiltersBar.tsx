import { Chip, Group, Select, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Channel, type Traffic } from '@griot/flows';
import { useLocales } from '../store/selectors.ts';
import { useVersions } from '../versions/versionsStore.ts';
import { ENVIRONMENTS, PERIODS, TRAFFICS, type AnalyticsFilters, type EnvironmentFilter, type PeriodChoice } from './analyticsFilters.ts';
import { analyticsStore, useAnalytics } from './analyticsStore.ts';

const ALL = 'all';

/** Period, environment, version, channel, language and kind of traffic: the figures on screen follow them. */
export function AnalyticsFiltersBar({ vertical = false }: { vertical?: boolean }) {
  const { t } = useTranslation();
  const filters = useAnalytics((s) => s.filters);
  const versions = useVersions((s) => s.versions);
  const locales = useLocales();
  const set = (change: Partial<AnalyticsFilters>) => analyticsStore.getState().setFilters(change);
  const all = { value: ALL, label: t('analytics.filters.all') };
  const Layout = vertical ? Stack : Group;
  return (
    <Layout gap="xs" align={vertical ? 'stretch' : 'flex-end'} className="analytics-filters" role="group" aria-label={t('analytics.filters.title')}>
      <Select
        size="xs"
        label={t('analytics.filters.period')}
        value={filters.period}
        allowDeselect={false}
        data={PERIODS.map((p) => ({ value: p, label: t(`analytics.periods.${p}`) }))}
        onChange={(v) => v && set({ period: v as PeriodChoice })}
        w={vertical ? undefined : 170}
      />
      <Select
        size="xs"
        label={t('analytics.filters.environment')}
        value={filters.environment ?? ALL}
        allowDeselect={false}
        data={[all, ...ENVIRONMENTS.map((e) => ({ value: e, label: t(`analytics.environments.${e}`) }))]}
        onChange={(v) => set({ environment: !v || v === ALL ? null : (v as EnvironmentFilter) })}
        w={vertical ? undefined : 150}
      />
      <Select
        size="xs"
        label={t('analytics.filters.version')}
        value={filters.version === null ? ALL : String(filters.version)}
        allowDeselect={false}
        data={[all, ...versions.map((v) => ({ value: String(v.number), label: t('analytics.versionLabel', { n: v.number }) })), { value: 'draft', label: t('analytics.draft') }]}
        onChange={(v) => set({ version: !v || v === ALL ? null : v === 'draft' ? 'draft' : Number(v) })}
        w={vertical ? undefined : 130}
      />
      <Select
        size="xs"
        label={t('analytics.filters.channel')}
        value={filters.channel ?? ALL}
        allowDeselect={false}
        data={[all, ...Channel.options.map((c) => ({ value: c, label: t(`inbox.channels.${c}`) }))]}
        onChange={(v) => set({ channel: !v || v === ALL ? null : (v as Channel) })}
        w={vertical ? undefined : 170}
      />
      <Select
        size="xs"
        label={t('analytics.filters.locale')}
        value={filters.locale ?? ALL}
        allowDeselect={false}
        data={[all, ...locales.map((l) => ({ value: l.code, label: l.name ? `${l.name} (${l.code})` : l.code }))]}
        onChange={(v) => set({ locale: !v || v === ALL ? null : v })}
        w={vertical ? undefined : 150}
      />
      <div>
        <Text size="xs" fw={500} mb={4} id="analytics-traffic-label">
          {t('analytics.filters.traffic')}
        </Text>
        <Chip.Group multiple value={filters.traffic} onChange={(v) => set({ traffic: v as Traffic[] })}>
          <Group gap={4} role="group" aria-labelledby="analytics-traffic-label">
            {TRAFFICS.map((traffic) => (
              <Chip key={traffic} value={traffic} size="xs" data-traffic={traffic}>
                {t(`analytics.traffic.${traffic}`)}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
      </div>
    </Layout>
  );
}
