import { describe, expect, it } from 'vitest';
import { testT } from '../i18n/testT.ts';

/** « Systèmes de l'opérateur »: one look-up of one is said in the singular, in both languages. */
describe('operator systems texts', () => {
  const one = { backend: 'operator', count: 1, failed: 1, total: 1, minutes: 5, time: '10:02', outcome: 'erreur' };
  it('says one failed or unsent look-up in the singular', async () => {
    const t = await testT('fr');
    expect(t('supervision.systems.down', one)).toBe('operator ne répond plus : 1 consultation sur 1 en échec depuis 5 min, à 10:02 (erreur).');
    expect(t('supervision.systems.misconfigured', one)).toContain('; 1 consultation sur 1 non envoyée depuis 5 min, à 10:02.');
    expect(t('supervision.systems.down', { ...one, count: 2, failed: 2, total: 2 })).toContain('2 consultations sur 2 en échec depuis 5 min, la dernière à 10:02');
    const en = await testT('en');
    expect(en('supervision.systems.down', { ...one, outcome: 'error' })).toBe('operator no longer answers: 1 look-up of 1 failed in the last 5 min, at 10:02 (error).');
    expect(en('supervision.systems.misconfigured', one)).toContain('; 1 look-up of 1 not sent in the last 5 min, at 10:02.');
  });
});
