import { describe, expect, it } from 'vitest';
import { savedBy } from './savedBy.ts';

describe('who saved the draft', () => {
  it('is the user themself under their own name, a colleague by name, or unknown', () => {
    expect(savedBy('ama', 'ama')).toEqual({ who: 'you' });
    expect(savedBy('eddy', 'ama')).toEqual({ who: 'colleague', by: 'eddy' });
    expect(savedBy(undefined, 'ama')).toEqual({ who: 'unknown' });
    // Signed out meanwhile: a name is never taken for the user's own.
    expect(savedBy('ama', undefined)).toEqual({ who: 'colleague', by: 'ama' });
  });

  it('is the admin token, never a colleague called « admin-token »', () => {
    expect(savedBy('admin-token', 'ama')).toEqual({ who: 'token' });
  });
});
