import type { BackendLookups, RecentLookups } from '@griot/flows';
import type { Store } from '../store/types.ts';

/** How far back the supervisor's « systèmes de l'opérateur » line looks. */
export const RECENT_LOOKUPS_MINUTES = 5;
/** The most raw fact batches read for it; past this, only the last minute is read. */
export const RECENT_LOOKUPS_BATCHES = 5_000;

const FAILED = new Set(['error', 'timeout', 'misconfigured']);
/** An http node's branches: how the flow read the answer (a 503 is a `response` to the look-up, and `error` to the flow). */
const BRANCHES = new Set(['ok', 'notFound', 'error', 'timeout']);

/**
 * How the operator's systems answered subscribers' look-ups in the last minutes, per backend: what
 * a supervisor needs to see that the balance look-up is down (callers then hear « service
 * momentanément indisponible » and ask for agents). Subscribers' contacts only (production's
 * systems), not testers' (staging's) nor the simulator's. A look-up Griot could not send for want
 * of its own configuration (a secret unset, `misconfigured`) is told apart from a system that
 * does not answer. Read from the raw facts every instance writes (so the same on each), never a
 * number or an answer: outcomes and times.
 */
export async function recentLookups(store: Store, now: Date): Promise<RecentLookups> {
  const to = new Date(now.getTime() + 1).toISOString();
  let from = new Date(now.getTime() - RECENT_LOOKUPS_MINUTES * 60_000).toISOString();
  let batches = await store.listFacts({ from, to, limit: RECENT_LOOKUPS_BATCHES });
  if (batches.length >= RECENT_LOOKUPS_BATCHES) {
    // A busy hour: the window's first batches would crowd out the newest, the ones that say "now".
    from = new Date(now.getTime() - 60_000).toISOString();
    batches = await store.listFacts({ from, to, limit: RECENT_LOOKUPS_BATCHES });
  }
  const byBackend = new Map<string, BackendLookups>();
  /** Per backend, the look-ups sent and their summed times, for `averageMs`. */
  const sent = new Map<string, { n: number; ms: number }>();
  for (const batch of batches) {
    if (batch.traffic !== 'live') continue;
    // The branch each look-up's node took in the same turn, when the flow links it.
    const branches = new Map<string, string>();
    for (const event of batch.events) if (event.type === 'exit' && BRANCHES.has(event.output)) branches.set(event.node, event.output);
    for (const event of batch.events) {
      if (event.type !== 'lookup') continue;
      // Griot's own configuration kept the request from being sent: said as such, whatever branch the flow then took.
      const outcome = event.outcome === 'misconfigured' ? event.outcome : (branches.get(event.node) ?? (event.outcome === 'response' ? 'ok' : event.outcome));
      let figures = byBackend.get(event.backend);
      if (!figures) byBackend.set(event.backend, (figures = { backend: event.backend, total: 0, failed: 0, misconfigured: 0, last: { outcome, at: batch.at } }));
      figures.total += 1;
      if (event.outcome !== 'misconfigured' && Number.isFinite(event.ms)) {
        const times = sent.get(event.backend) ?? { n: 0, ms: 0 };
        sent.set(event.backend, { n: times.n + 1, ms: times.ms + event.ms });
      }
      if (batch.at >= figures.last.at) figures.last = { outcome, at: batch.at };
      if (FAILED.has(outcome)) {
        figures.failed += 1;
        if (figures.lastFailedAt === undefined || batch.at > figures.lastFailedAt) figures.lastFailedAt = batch.at;
        // Each kind apart: not sent for want of Griot's configuration, or failed at the operator's system.
        if (outcome === 'misconfigured') {
          figures.misconfigured += 1;
          if (figures.lastMisconfiguredAt === undefined || batch.at > figures.lastMisconfiguredAt) figures.lastMisconfiguredAt = batch.at;
        } else if (figures.lastErrorAt === undefined || batch.at > figures.lastErrorAt) figures.lastErrorAt = batch.at;
      }
    }
  }
  for (const [backend, times] of sent) {
    const figures = byBackend.get(backend);
    if (figures && times.n > 0) figures.averageMs = Math.round(times.ms / times.n);
  }
  return { from, to: now.toISOString(), backends: [...byBackend.values()].sort((a, b) => a.backend.localeCompare(b.backend)) };
}
