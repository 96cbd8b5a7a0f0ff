import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fr } from '../i18n/fr.ts';
import { en } from '../i18n/en.ts';
import { errorCodesInSource } from '../../test/support/errorCodesInSource.ts';

const RUNTIME_SRC = fileURLToPath(new URL('../../../runtime/src', import.meta.url));

/**
 * Every error code the server can answer with is said in French and English: the codes are read
 * from runtime/src (each `invalid('code', …)`, `conflict(…)`, `new DependencyError(…)`…), so a new
 * code without its words fails here rather than showing English inside the French designer.
 */
describe('the server’s error codes in the designer’s languages', () => {
  const scan = errorCodesInSource(RUNTIME_SRC);

  it('finds the codes the server makes, each written out where it is thrown', () => {
    // A code held in a variable cannot be checked: write it out where the error is made.
    expect(scan.unreadable).toEqual([]);
    // The scan itself works: a few codes known to exist are found, with where they come from.
    expect(scan.codes.get('no_changes')).toMatch(/^flows\/publishDraft\.ts:\d+$/);
    expect([...scan.codes.keys()]).toEqual(expect.arrayContaining(['forbidden', 'unauthenticated', 'internal', 'contact_not_yours', 'llm_not_configured', 'login_throttled']));
    expect(scan.codes.size).toBeGreaterThan(60);
  });

  it('has French and English words for every one of them', () => {
    const missing = (dictionary: Record<string, string>) => [...scan.codes].filter(([code]) => typeof dictionary[code] !== 'string').map(([code, where]) => `${code} (${where})`);
    expect(missing(fr.apiErrors)).toEqual([]);
    expect(missing(en.apiErrors)).toEqual([]);
  });
});
