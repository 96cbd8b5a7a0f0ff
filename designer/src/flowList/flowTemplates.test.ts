import { describe, expect, it } from 'vitest';
import { Flow, lintFlow, runTests } from '@griot/flows';
import { FLOW_TEMPLATE_KEYS, flowFromTemplate } from './flowTemplates.ts';

describe('a new flow from a starter template', () => {
  it.each(FLOW_TEMPLATE_KEYS)('%s becomes a flow with the chosen id, name and folder, lint-clean, its tests passing', (key) => {
    const flow = Flow.parse(flowFromTemplate(key, 'ligne-ramadan', 'Ligne Ramadan', ' Campagnes/Ramadan '));
    expect(flow).toMatchObject({ id: 'ligne-ramadan', name: 'Ligne Ramadan', settings: { folder: 'Campagnes/Ramadan' } });
    expect(lintFlow(flow).filter((i) => i.severity === 'error')).toEqual([]);
    const report = runTests(flow);
    expect(report.failed).toBe(0);
    expect(report.passed).toBeGreaterThan(3);
  });

  it('names each template’s start node in the editor’s language, not by its id', () => {
    for (const key of FLOW_TEMPLATE_KEYS) {
      const start = flowFromTemplate(key, 'x', 'X', undefined, { start: 'Début' }).nodes.find((n) => n.type === 'start');
      expect(start?.label).toBe('Début');
      expect(start?.id).toBe('start');
    }
  });

  it('leaves the folder out when none is given, and never changes the template itself', () => {
    const flow = flowFromTemplate('survey', 'enquete', 'Enquête');
    expect(flow.settings).not.toHaveProperty('folder');
    expect(flowFromTemplate('survey', 'other', 'Other').id).toBe('other');
    expect(flowFromTemplate('survey', 'x', 'X').name).toBe('X');
  });
});
