import { useEffect } from 'react';
import { analyticsApi } from './analyticsApi.ts';
import { analyticsQuery, filtersKey } from './analyticsFilters.ts';
import { analyticsStore, useAnalytics } from './analyticsStore.ts';
import { documentStore } from '../store/documentStore.ts';

/** The flow's end nodes: where a contact ends, not where a caller decides to give up. */
function endNodes(): Set<string> {
  return new Set((documentStore.getState().doc?.nodes ?? []).filter((n) => n.type === 'end').map((n) => n.id));
}

let inflight: { key: string; done: Promise<void> } | null = null;

/**
 * Reads the flow's figures for the filters on screen, once per filter set (the overlay and the
 * dashboard asking together make one request); an answer for filters changed meanwhile is dropped.
 * `force` reads again (the refresh button).
 */
export function loadFlowAnalytics(flowId: string, force = false): Promise<void> {
  analyticsStore.getState().forFlow(flowId);
  const state = analyticsStore.getState();
  const key = filtersKey(flowId, state.filters);
  if (inflight?.key === key) return inflight.done;
  if (!force && state.reportKey === key) return Promise.resolve();
  state.loadStarted();
  const done = analyticsApi
    .flow(flowId, analyticsQuery(state.filters, new Date()))
    .then(
      (report) => {
        if (filtersKey(flowId, analyticsStore.getState().filters) === key) analyticsStore.getState().loaded(key, report, Date.now(), endNodes());
      },
      (error: Error) => {
        if (filtersKey(flowId, analyticsStore.getState().filters) === key) analyticsStore.getState().failed(error.message);
      },
    )
    .finally(() => {
      if (inflight?.key !== key) return;
      inflight = null;
      // Dropped (the filters changed back to figures already on screen): nothing is loading any more.
      analyticsStore.setState({ loading: false });
    });
  inflight = { key, done };
  return done;
}

/** Keeps the figures current while `active` (the overlay on, the dashboard open): on first show and on every filter change. */
export function useFlowAnalytics(flowId: string, active: boolean): void {
  const filters = useAnalytics((s) => s.filters);
  useEffect(() => {
    if (active && flowId) void loadFlowAnalytics(flowId);
  }, [flowId, active, filters]);
}
