import { describe, expect, it } from 'vitest';
import type { FlowSummary } from '../api/types.ts';
import { filterFlows, foldersOf } from './filterFlows.ts';

const flow = (id: string, name: string, folder?: string): FlowSummary => ({
  id,
  name,
  draftRevision: 1,
  latestVersion: null,
  environments: { staging: null, production: null },
  ...(folder ? { folder } : {}),
});
const flows = [
  flow('selfcare-1919', 'Service client 1919', 'Self-care'),
  flow('ramadan-2027', 'Offre Ramadan', 'Campagnes/Ramadan'),
  flow('tabaski', 'Offre Tabaski', 'Campagnes'),
  flow('survey', 'Enquête de satisfaction'),
];
const ids = (list: FlowSummary[]) => list.map((f) => f.id);

describe('flow list search and folders', () => {
  it('finds flows by any words of the name, id or folder, ignoring accents and case', () => {
    expect(ids(filterFlows(flows, 'enquete', { kind: 'all' }))).toEqual(['survey']);
    expect(ids(filterFlows(flows, 'OFFRE ramadan', { kind: 'all' }))).toEqual(['ramadan-2027']);
    expect(ids(filterFlows(flows, 'campagnes', { kind: 'all' }))).toEqual(['ramadan-2027', 'tabaski']);
    expect(ids(filterFlows(flows, '1919', { kind: 'all' }))).toEqual(['selfcare-1919']);
    expect(ids(filterFlows(flows, '  ', { kind: 'all' }))).toHaveLength(4);
    expect(filterFlows(flows, 'nothing like it', { kind: 'all' })).toEqual([]);
  });

  it('keeps a folder’s flows and its sub-folders’, or those in no folder', () => {
    expect(ids(filterFlows(flows, '', { kind: 'folder', path: 'Campagnes' }))).toEqual(['ramadan-2027', 'tabaski']);
    expect(ids(filterFlows(flows, '', { kind: 'folder', path: 'Campagnes/Ramadan' }))).toEqual(['ramadan-2027']);
    expect(ids(filterFlows(flows, '', { kind: 'folder', path: 'Camp' }))).toEqual([]);
    expect(ids(filterFlows(flows, '', { kind: 'none' }))).toEqual(['survey']);
    expect(ids(filterFlows(flows, 'offre', { kind: 'folder', path: 'Campagnes/Ramadan' }))).toEqual(['ramadan-2027']);
  });

  it('lists the folders in use with their parents and counts', () => {
    expect(foldersOf(flows)).toEqual([
      { path: 'Campagnes', count: 2 },
      { path: 'Campagnes/Ramadan', count: 1 },
      { path: 'Self-care', count: 1 },
    ]);
  });
});
