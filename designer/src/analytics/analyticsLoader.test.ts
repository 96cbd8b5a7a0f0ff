import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { analyticsStore } from './analyticsStore.ts';
import { loadFlowAnalytics } from './analyticsLoader.ts';
import type { FlowAnalytics } from '@griot/flows';

/** A report whose contact count tells which request it answers. */
const report = (flowId: string, contacts: number) => ({ flowId, period: { from: '', to: '' }, contacts, nodes: [], series: [], versions: [] }) as unknown as FlowAnalytics;

describe('loading a flow’s figures', () => {
  let answers: Array<{ url: string; resolve(body: unknown): void }>;
  beforeEach(() => {
    answers = [];
    analyticsStore.getState().reset();
    vi.stubGlobal('fetch', (url: string) => new Promise((resolve) => answers.push({ url, resolve: (body) => resolve(new Response(JSON.stringify(body), { status: 200 })) })));
  });
  afterEach(() => vi.unstubAllGlobals());
  const state = () => analyticsStore.getState();

  it('asks once for the overlay and the dashboard together, and not again for the same filters', async () => {
    const both = [loadFlowAnalytics('f'), loadFlowAnalytics('f')];
    expect(answers).toHaveLength(1);
    expect(state().loading).toBe(true);
    answers[0]!.resolve(report('f', 6));
    await Promise.all(both);
    expect(state()).toMatchObject({ loading: false, report: { contacts: 6 } });
    await loadFlowAnalytics('f');
    expect(answers).toHaveLength(1);
    await Promise.all([loadFlowAnalytics('f', true), Promise.resolve().then(() => answers[1]!.resolve(report('f', 7)))]);
    expect(state().report?.contacts).toBe(7);
  });

  it('drops an answer for filters changed meanwhile, and is not left loading', async () => {
    await Promise.all([loadFlowAnalytics('f'), Promise.resolve().then(() => answers[0]!.resolve(report('f', 6)))]);
    state().setFilters({ channel: 'whatsapp' });
    const whatsapp = loadFlowAnalytics('f');
    expect(answers[1]!.url).toContain('channel=whatsapp');
    // Back to every channel before WhatsApp's answer: the figures on screen already answer that.
    state().setFilters({ channel: null });
    await loadFlowAnalytics('f');
    answers[1]!.resolve(report('f', 0));
    await whatsapp;
    expect(state()).toMatchObject({ loading: false, report: { contacts: 6 } });
  });

  it('puts another flow’s figures and version away when the editor opens a flow', async () => {
    state().setFilters({ version: 3, period: '30d' });
    await Promise.all([loadFlowAnalytics('f'), Promise.resolve().then(() => answers[0]!.resolve(report('f', 6)))]);
    const other = loadFlowAnalytics('g');
    expect(state().report).toBeNull();
    expect(state().filters).toMatchObject({ version: null, period: '30d' });
    expect(answers[1]!.url).toMatch(/^\/api\/flows\/g\/analytics\?/);
    answers[1]!.resolve(report('g', 2));
    await other;
    expect(state().report).toMatchObject({ flowId: 'g', contacts: 2 });
  });
});
