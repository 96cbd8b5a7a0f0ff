import { describe, expect, it } from 'vitest';
import { updateOne } from 'mingo/updater';
import { versionLabelUpdate } from './versionDocuments.ts';

// No MongoDB server runs here: mingo applies the filter and update operators as MongoDB would.
describe('MongoDB version labels', () => {
  const versions = (): Array<Record<string, unknown>> => [
    { flowId: 'selfcare', number: 1, message: 'first' },
    { flowId: 'selfcare', number: 2, message: 'second' },
    { flowId: 'other', number: 2, message: 'elsewhere' },
  ];

  it('labels one version of one flow, and removes the field when the label is cleared', () => {
    const docs = versions();
    const { filter, update } = versionLabelUpdate('selfcare', 2, 'Ramadan 2027');
    expect(updateOne(docs, filter, update).matchedCount).toBe(1);
    expect(docs.map((d) => d.label)).toEqual([undefined, 'Ramadan 2027', undefined]);

    const cleared = versionLabelUpdate('selfcare', 2, null);
    updateOne(docs, cleared.filter, cleared.update);
    expect(docs[1]).toEqual({ flowId: 'selfcare', number: 2, message: 'second' });
  });

  it('matches nothing for a version that does not exist', () => {
    const { filter, update } = versionLabelUpdate('selfcare', 9, 'x');
    expect(updateOne(versions(), filter, update).matchedCount).toBe(0);
  });
});
