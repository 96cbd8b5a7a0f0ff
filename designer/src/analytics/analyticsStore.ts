import { createStore, useStore } from 'zustand';
import { DEFAULT_FILTERS, type AnalyticsFilters } from './analyticsFilters.ts';
import type { FlowAnalytics } from '@griot/flows';
import { trafficOverlay, type TrafficOverlay } from './trafficOverlay.ts';

/**
 * A flow's figures as the editor shows them (the canvas overlay and the dashboard share them):
 * the filters, the last report and what the canvas draws from it. None of it is saved or undone;
 * loading lives in analyticsLoader.ts.
 */
export interface AnalyticsState {
  /** The flow the filters and figures are about. */
  flowId: string | null;
  /** Figures drawn on the canvas. */
  overlay: boolean;
  filters: AnalyticsFilters;
  report: FlowAnalytics | null;
  /** The filters the report answers (filtersKey). */
  reportKey: string | null;
  traffic: TrafficOverlay | null;
  loading: boolean;
  /** Why the last load failed, in the user's language. */
  error: string | null;
  /** When the report was read (ms). */
  loadedAt: number | null;

  setOverlay(on: boolean): void;
  setFilters(change: Partial<AnalyticsFilters>): void;
  /**
   * The editor shows `flowId`: another flow's figures are put away at once, and so are the
   * filters that belong to a flow (its versions, its languages); the period and traffic stay.
   */
  forFlow(flowId: string): void;
  loadStarted(): void;
  /** A report read; `endNodes` are the flow's end nodes (never called the worst). */
  loaded(key: string, report: FlowAnalytics, at: number, endNodes: ReadonlySet<string>): void;
  failed(message: string): void;
  reset(): void;
}

const initial = { flowId: null, overlay: false, filters: DEFAULT_FILTERS, report: null, reportKey: null, traffic: null, loading: false, error: null, loadedAt: null };

export const analyticsStore = createStore<AnalyticsState>()((set, get) => ({
  ...initial,
  setOverlay: (overlay) => set({ overlay }),
  setFilters: (change) => {
    const filters = { ...get().filters, ...change };
    // At least one kind of traffic: none would read nothing at all.
    if (filters.traffic.length === 0) return;
    set({ filters });
  },
  forFlow: (flowId) => {
    const { flowId: shown, filters } = get();
    if (shown === flowId) return;
    set({ flowId, filters: { ...DEFAULT_FILTERS, period: filters.period, traffic: filters.traffic }, report: null, reportKey: null, traffic: null, loadedAt: null, error: null });
  },
  loadStarted: () => set({ loading: true, error: null }),
  loaded: (reportKey, report, loadedAt, endNodes) => set({ report, reportKey, traffic: trafficOverlay(report, endNodes), loading: false, error: null, loadedAt }),
  failed: (error) => set({ loading: false, error }),
  reset: () => set(initial),
}));

export function useAnalytics<T>(selector: (state: AnalyticsState) => T): T {
  return useStore(analyticsStore, selector);
}
