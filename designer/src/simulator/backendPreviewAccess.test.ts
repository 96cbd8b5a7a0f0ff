import { describe, expect, it } from 'vitest';
import type { Environments, Role } from '../api/types.ts';
import { backendPreviewRefusal, stagingPromotionRefusal } from './backendPreviewAccess.ts';

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
      expect(backendPreviewRefusal(who, 'staging', environments)).toBe('notVetted');
      expect(backendPreviewRefusal(who, { version: 2 }, environments)).toBe('notVetted');
      expect(backendPreviewRefusal(who, 'production', environments)).toBeNull();
      expect(backendPreviewRefusal(who, { version: 1 }, environments)).toBeNull();
      expect(backendPreviewRefusal(who, 'staging', { ...environments, staging: { version: 3 } })).toBeNull();
    }
  });

  it('offers it to editors and testers for a version a publisher put in staging, now or before', () => {
    const vettedInStaging: Environments = { staging: { version: 4, vetted: [2, 4] }, production: { version: 3, history: [1] } };
    for (const who of [user('editor'), user('tester')]) {
      expect(backendPreviewRefusal(who, 'staging', vettedInStaging)).toBeNull();
      expect(backendPreviewRefusal(who, { version: 2 }, vettedInStaging)).toBeNull();
      expect(backendPreviewRefusal(who, { version: 5 }, vettedInStaging)).toBe('notVetted');
      expect(backendPreviewRefusal(who, 'draft', vettedInStaging)).toBe('draft');
    }
  });

  it('offers it to editors for nothing while production runs nothing (or the versions are not loaded yet)', () => {
    expect(backendPreviewRefusal(user('editor'), 'production', { staging: null, production: null })).toBe('notVetted');
  });
});

describe('stagingPromotionRefusal', () => {
  const vettedInStaging: Environments = { staging: { version: 4, vetted: [2] }, production: { version: 3, history: [1] } };

  it('keeps an editor from putting an unvetted version with look-ups in staging', () => {
    expect(stagingPromotionRefusal(user('editor'), 5, ['lookupSubscriber'], vettedInStaging)).toBe('needsPublisher');
    // An editor's own pointing vets nothing: version 4 is in staging, but no publisher put it there.
    expect(stagingPromotionRefusal(user('editor'), 4, ['lookupSubscriber'], vettedInStaging)).toBe('needsPublisher');
  });

  it('lets an editor put a version without look-ups, or a vetted one, and a publisher or admin any', () => {
    expect(stagingPromotionRefusal(user('editor'), 5, [], vettedInStaging)).toBeNull();
    for (const vetted of [1, 2, 3]) expect(stagingPromotionRefusal(user('editor'), vetted, ['lookupSubscriber'], vettedInStaging)).toBeNull();
    for (const who of [user('publisher'), user('admin')]) expect(stagingPromotionRefusal(who, 5, ['lookupSubscriber'], vettedInStaging)).toBeNull();
  });

  it('leaves it to the server while the look-ups are not loaded', () => {
    expect(stagingPromotionRefusal(user('editor'), 5, undefined, vettedInStaging)).toBeNull();
  });
});
