import { describe, expect, it } from 'vitest';
import { testT } from '../i18n/testT.ts';
import { pathText } from './pathText.ts';

describe('the path in the handoff context', () => {
  it('shows how a look-up went beside its node, in French and English', async () => {
    const [fr, en] = [await testT('fr'), await testT('en')];
    const path = [
      { id: 'menu', type: 'menu', label: 'Menu' },
      { id: 'si', type: 'http', label: 'Appel au SI', lookup: { outcome: 'timeout' as const } },
      { id: 'handoff', type: 'handoff', label: 'Conseiller' },
    ];
    expect(pathText(fr, path)).toBe('Menu › Appel au SI (échec : délai dépassé) › Conseiller');
    expect(pathText(en, path)).toBe('Menu › Appel au SI (failed: timed out) › Conseiller');
    const one = (lookup: { outcome: 'ok' | 'notFound' | 'error' | 'timeout' | 'misconfigured'; status?: number }) => pathText(fr, [{ id: 'si', label: 'Appel au SI', lookup }]);
    expect([one({ outcome: 'error', status: 503 }), one({ outcome: 'error' }), one({ outcome: 'notFound', status: 404 }), one({ outcome: 'ok', status: 200 })]).toEqual([
      'Appel au SI (échec : erreur 503)',
      'Appel au SI (échec)',
      'Appel au SI (non trouvé)',
      'Appel au SI (réussi)',
    ]);
    // Not sent for want of Griot's own configuration: not the operator's system failing.
    expect(one({ outcome: 'misconfigured' })).toBe('Appel au SI (non envoyé : configuration de Griot incomplète)');
    expect(pathText(en, [{ id: 'si', label: 'Appel au SI', lookup: { outcome: 'misconfigured' } }])).toBe('Appel au SI (not sent: Griot’s configuration incomplete)');
  });
});
