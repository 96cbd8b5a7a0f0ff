import { useEffect, useState } from 'react';
import { Alert, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { BackendLookups, RecentLookups } from '@griot/flows';
import { lookupsApi } from '../api/lookupsApi.ts';

/** How often the supervision page reads the systems' state again. */
const REFRESH_MS = 30_000;
const FAILED = new Set(['error', 'timeout']);
/** Griot's own configuration kept the look-ups from being sent (a secret unset…): not the operator's system. */
const MISCONFIGURED = 'misconfigured';

/**
 * « Systèmes de l'opérateur »: how the operator's systems answered subscribers' look-ups in the
 * last minutes, per backend. A backend whose last look-up failed is said in red, first, with
 * what it means for the queues; one Griot could not call for want of its own configuration (a
 * secret unset) in red too, saying it is Griot's configuration and who fixes it; one that failed
 * some, or could not be called a while, and answers again in orange; the others on a quiet line.
 * The two kinds are counted apart: a look-up not sent is never counted as the system's failure. Read again every 30 s. `wall`:
 * the wall screen's mode, the systems in trouble only, large, nothing to click.
 */
export function OperatorSystems({ wall = false }: { wall?: boolean }) {
  const { t, i18n } = useTranslation();
  const [recent, setRecent] = useState<RecentLookups | null>(null);
  const [unreadable, setUnreadable] = useState(false);
  useEffect(() => {
    let live = true;
    const read = () =>
      lookupsApi.recent().then(
        (answer) => {
          if (!live) return;
          setRecent(answer);
          setUnreadable(false);
        },
        () => live && setUnreadable(true),
      );
    void read();
    const timer = setInterval(read, REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, []);
  if (!recent)
    return unreadable ? (
      <Text size="sm" c="dimmed">
        {t('supervision.systems.unreadable')}
      </Text>
    ) : null;
  const minutes = Math.round((Date.parse(recent.to) - Date.parse(recent.from)) / 60_000);
  const time = (iso: string) => new Date(iso).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' });
  /** How long the system took on average, after its line: « 120 ms », « 2,5 s » (a server before ops32 does not say). */
  const average = (b: BackendLookups) =>
    b.averageMs === undefined
      ? ''
      : ` ${t('supervision.systems.average', { average: b.averageMs < 1000 ? `${b.averageMs} ms` : `${(b.averageMs / 1000).toLocaleString(i18n.language, { maximumFractionDigits: 1 })} s` })}`;
  // Each kind of failure apart: not sent for want of Griot's configuration, or failed at the operator's system.
  const notSent = (b: BackendLookups) => b.misconfigured ?? 0;
  const errors = (b: BackendLookups) => b.failed - notSent(b);
  const misconfigured = recent.backends.filter((b) => b.last.outcome === MISCONFIGURED);
  const down = recent.backends.filter((b) => FAILED.has(b.last.outcome));
  const shaky = recent.backends.filter((b) => !FAILED.has(b.last.outcome) && b.last.outcome !== MISCONFIGURED && b.failed > 0);
  const fine = recent.backends.filter((b) => b.failed === 0);
  // A wall screen shows only what needs someone: nothing when every system answers.
  if (wall && misconfigured.length + down.length + shaky.length === 0) return null;
  const line = (b: BackendLookups, kind: 'some' | 'ok') =>
    t(`supervision.systems.${kind}`, {
      backend: b.backend,
      count: kind === 'some' ? errors(b) : b.total,
      failed: errors(b),
      total: b.total,
      minutes,
      time: time(b.lastErrorAt ?? b.lastFailedAt ?? b.last.at),
    });
  /** The other kind's count, under a backend's main line, when it has some. */
  const also = (b: BackendLookups, kind: 'alsoErrors' | 'alsoNotSent') => {
    const count = kind === 'alsoErrors' ? errors(b) : notSent(b);
    if (count === 0) return null;
    const at = kind === 'alsoErrors' ? b.lastErrorAt : b.lastMisconfiguredAt;
    return (
      <Text size="sm" data-also={kind}>
        {t(`supervision.systems.${kind}`, { count, time: time(at ?? b.lastFailedAt ?? b.last.at) })}
      </Text>
    );
  };
  return (
    <section className={`operator-systems${wall ? ' wall' : ''}`} aria-labelledby="operator-systems-title" data-down={down.length + misconfigured.length > 0 || undefined}>
      <Title order={3} size="h5" mb={6} id="operator-systems-title">
        {t('supervision.systems.title')}
      </Title>
      <Stack gap={6} role="status">
        {misconfigured.map((b) => (
          <Alert key={b.backend} color="red" variant="light" p="xs" data-backend={b.backend} data-state="misconfigured">
            {wall && (
              <Text className="operator-systems-headline" fw={700}>
                {t('supervision.systems.wallMisconfigured', { backend: b.backend })}
              </Text>
            )}
            <Text size="sm" fw={600}>
              {t('supervision.systems.misconfigured', { backend: b.backend, count: notSent(b), failed: notSent(b), total: b.total, minutes, time: time(b.last.at) })}
            </Text>
            {also(b, 'alsoErrors')}
            <Text size="sm">{t('supervision.systems.misconfiguredHint')}</Text>
          </Alert>
        ))}
        {down.map((b) => (
          <Alert key={b.backend} color="red" variant="light" p="xs" data-backend={b.backend} data-state="down">
            {wall && (
              <Text className="operator-systems-headline" fw={700}>
                {t('supervision.systems.wallDown', { backend: b.backend })}
              </Text>
            )}
            <Text size="sm" fw={600}>
              {t('supervision.systems.down', {
                backend: b.backend,
                count: errors(b),
                failed: errors(b),
                total: b.total,
                minutes,
                time: time(b.last.at),
                outcome: t(`supervision.systems.outcome.${b.last.outcome === 'timeout' ? 'timeout' : 'error'}`),
              })}
            </Text>
            {also(b, 'alsoNotSent')}
            {!wall && <Text size="sm">{t('supervision.systems.downHint')}</Text>}
          </Alert>
        ))}
        {shaky.map((b) => (
          // Only look-ups Griot could not send: its configuration, not the operator's system, which answers.
          <Alert key={b.backend} color="orange" variant="light" p="xs" data-backend={b.backend} data-state={errors(b) > 0 ? 'shaky' : 'notSent'}>
            {errors(b) > 0 ? (
              <>
                <Text size="sm">
                  {line(b, 'some')}
                  {average(b)}
                </Text>
                {also(b, 'alsoNotSent')}
              </>
            ) : (
              <Text size="sm">{t('supervision.systems.notSent', { backend: b.backend, count: notSent(b), total: b.total, minutes, time: time(b.lastMisconfiguredAt ?? b.last.at) })}</Text>
            )}
          </Alert>
        ))}
        {!wall &&
          fine.map((b) => (
            <Text key={b.backend} size="sm" c="dimmed" data-backend={b.backend} data-state="ok">
              {line(b, 'ok')}
              {average(b)}
            </Text>
          ))}
        {!wall && recent.backends.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('supervision.systems.none', { minutes })}
          </Text>
        )}
      </Stack>
    </section>
  );
}
