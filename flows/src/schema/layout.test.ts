import { describe, expect, it } from 'vitest';
import { contentHash } from '../versioning/canonical.ts';
import { diffFlows } from '../versioning/diff.ts';
import { parseFlow } from '../lint/parseFlow.ts';
import { sampleFlowInput } from '../fixtures/sampleFlow.ts';
import { Flow } from './flow.ts';

describe('canvas sections and sticky notes', () => {
  it('are kept in the document, and a document without them is unchanged', () => {
    const plain = Flow.parse(sampleFlowInput());
    expect('layout' in plain).toBe(false);
    const drawn = Flow.parse({
      ...sampleFlowInput(),
      layout: { groups: [{ id: 'puk', label: 'Code PUK', nodes: ['lookup', 'readPuk'], collapsed: true }], notes: [{ id: 'note', text: 'À revoir', position: { x: 0, y: 0 } }] },
    });
    expect(drawn.layout?.groups[0]?.collapsed).toBe(true);
    expect(contentHash(drawn)).not.toBe(contentHash(plain));
    expect(diffFlows(plain, drawn).flow.map((f) => f.field)).toContain('layout');
    expect(parseFlow(drawn).ok).toBe(true);
  });

  it('refuses a malformed section', () => {
    const bad = Flow.safeParse({ ...sampleFlowInput(), layout: { groups: [{ id: 'x', label: '', nodes: [] }] } });
    expect(bad.success).toBe(false);
  });
});
