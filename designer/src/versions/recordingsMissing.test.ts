import { describe, expect, it } from 'vitest';
import { Flow, lintFlow } from '@griot/flows';
import { recordingsMissingFor } from './recordingsMissing.ts';
import selfcare from '../../../flows/examples/1919-selfcare.json';

/** A request for production of the 1919 flow whose Fon welcome is not recorded yet (a text stands in): warned when asking, and in the publisher's review. */
const raw = structuredClone(selfcare) as { nodes: { id: string; prompt?: Record<string, unknown> }[] };
raw.nodes.find((n) => n.id === 'welcome')!.prompt!.fon = { text: 'Kúdéwú' };
const flow = Flow.parse(raw);

describe('recordings missing for a publication request', () => {
  const issues = lintFlow(flow);

  it('lists the Fon recordings still to make when the request targets production', () => {
    const missing = recordingsMissingFor(['staging', 'production'], issues);
    expect(missing.length).toBeGreaterThan(0);
    expect(missing.every((i) => i.blocks === 'production' && i.severity !== 'error')).toBe(true);
    expect(missing.map((i) => i.node)).toContain('welcome');
  });

  it('says nothing when the editor asks for staging only', () => {
    expect(recordingsMissingFor(['staging'], issues)).toEqual([]);
  });
});
