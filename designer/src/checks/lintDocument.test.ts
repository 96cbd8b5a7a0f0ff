import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as flows from '@griot/flows';
import { readDocument } from '../versions/draftSaver.ts';
import { lintDocument } from './lintDocument.ts';

vi.mock('@griot/flows', async (original) => {
  const actual = await original<typeof import('@griot/flows')>();
  return { ...actual, parseFlow: vi.fn(actual.parseFlow) };
});

const examples = new URL('../../../flows/examples/', import.meta.url);
const read = (name: string): unknown => JSON.parse(readFileSync(new URL(name, examples), 'utf8'));

describe('lintDocument', () => {
  afterEach(() => vi.mocked(flows.parseFlow).mockClear());

  it('checks a draft just read from the server without parsing it a second time, and finds what a full check finds', () => {
    const names = ['1919-selfcare.json', ...readdirSync(new URL('templates/', examples)).map((name) => `templates/${name}`)].filter((name) => name.endsWith('.json'));
    expect(names.length).toBeGreaterThan(2);
    for (const name of names) {
      const doc = readDocument(read(name));
      const full = lintDocument(structuredClone(doc));
      vi.mocked(flows.parseFlow).mockClear();
      // Before: the 1919 flow's schema pass again, ~half of its checks at open.
      expect(lintDocument(doc), name).toEqual(full);
      expect(vi.mocked(flows.parseFlow), name).not.toHaveBeenCalled();
    }
  });

  it('still names the field at fault in an edited document', () => {
    const doc = readDocument(read('1919-selfcare.json'));
    const edited = { ...doc, nodes: doc.nodes.map((n, i) => (i === 1 ? { ...n, id: '' } : n)) };
    const issues = lintDocument(edited);
    expect(vi.mocked(flows.parseFlow)).toHaveBeenCalledTimes(2);
    expect(issues.some((i) => i.code.startsWith('schema'))).toBe(true);
  });
});
