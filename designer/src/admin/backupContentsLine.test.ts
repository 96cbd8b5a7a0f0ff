import { describe, expect, it } from 'vitest';
import { testT } from '../i18n/testT.ts';
import { backupContentsLine } from './backupContentsLine.ts';

const contents = { createdAt: '2026-12-06T03:00:00.000Z', flows: 1, versions: 2, bindings: 1, users: 1, auditEntries: 1, audioFiles: 0 };

describe('a backup’s contents', () => {
  it('counts each thing in the singular or the plural, in French', async () => {
    expect(backupContentsLine(await testT('fr'), contents)).toBe('1 parcours, 2 versions, 1 raccordement, 1 utilisateur, 1 entrée d’audit, 0 enregistrement');
  });

  it('and in English, where none is plural', async () => {
    expect(backupContentsLine(await testT('en'), { ...contents, versions: 1, auditEntries: 12 })).toBe('1 flow, 1 version, 1 binding, 1 user, 12 audit entries, 0 recordings');
  });
});
