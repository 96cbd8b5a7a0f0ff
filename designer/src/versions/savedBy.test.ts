import { describe, expect, it } from 'vitest';
import { testT } from '../i18n/testT.ts';
import { principalName, savedBy } from './savedBy.ts';

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

  it('is named the same way wherever a saver, author or publisher is shown: the token in words, people by name', async () => {
    const t = await testT('fr');
    expect(principalName('admin-token', t)).toBe('Le jeton d’administration du serveur (un script ou un outil de l’équipe technique)');
    expect(principalName('eddy', t)).toBe('eddy');
  });
});
