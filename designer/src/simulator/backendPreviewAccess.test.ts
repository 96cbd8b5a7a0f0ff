import { describe, expect, it } from 'vitest';
import type { Environments, Role } from '../api/types.ts';
import { backendPreviewRefusal } from './backendPreviewAccess.ts';

const user = (...roles: Role[]) => ({ id: 'u', username: 'u', roles });
/** Version 4 in staging (an editor put it there), 3 in production, 1 before it. */
const environments: Environments = { staging: { version: 4 }, production: { version: 3, history: [1] } };

describe('backendPreviewRefusal', () => {
  it('offers the staging system to publishers and admins whatever runs', () => {
    for (const who of [user('publisher'), user('admin')]) {
      for (const source of ['draft', 'staging', { version: 2 }] as const) expect(backendPreviewRefusal(who, source, environments)).toBeNull();
    }
  });

  it('offers it to editors and testers only for a version production runs or ran', () => {
    for (const who of [user('editor'), user('tester'), user('editor', 'tester')]) {
      expect(backendPreviewRefusal(who, 'draft', environments)).toBe('draft');
      expect(backendPreviewRefusal(who, 'staging', environments)).toBe('notInProduction');
      expect(backendPreviewRefusal(who, { version: 2 }, environments)).toBe('notInProduction');
      expect(backendPreviewRefusal(who, 'production', environments)).toBeNull();
      expect(backendPreviewRefusal(who, { version: 1 }, environments)).toBeNull();
      expect(backendPreviewRefusal(who, 'staging', { ...environments, staging: { version: 3 } })).toBeNull();
    }
  });

  it('offers it to editors for nothing while production runs nothing (or the versions are not loaded yet)', () => {
    expect(backendPreviewRefusal(user('editor'), 'production', { staging: null, production: null })).toBe('notInProduction');
  });
});
