import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { fr } from '../i18n/fr.ts';
import { en } from '../i18n/en.ts';
import type { PreviewLookup } from '../api/types.ts';
import { describeLookup } from './describeLookup.ts';

async function translator(lng: 'fr' | 'en') {
  const i18n = i18next.createInstance();
  await i18n.init({ resources: { fr: { translation: fr }, en: { translation: en } }, lng, interpolation: { escapeValue: false, prefix: '%{', suffix: '}' } });
  return i18n.t;
}

const lookup = (more: Partial<PreviewLookup>): PreviewLookup => ({
  node: 'lookupSubscriber',
  source: 'backend',
  outcome: 'response',
  durationMs: 41.7,
  fixture: { status: 200 },
  synthetic: [],
  ...more,
});

describe('a look-up in the simulator, explained in the editor’s language', () => {
  it('explains a 401 in French: the status, what it means, where from, how long, the output taken', async () => {
    const t = await translator('fr');
    const described = describeLookup(lookup({ status: 401, output: 'error' }), t);
    expect(described.failed).toBe(true);
    expect(described.explanation).toBe('HTTP 401 — Non autorisé : le SI refuse l’identification de Griot. Le jeton ou le secret est absent, faux ou expiré : demandez à l’exploitant de le vérifier.');
    expect(described.details).toBe('Source : SI de préproduction · 42 ms · sortie prise : Erreur');
  });

  it('says in English which rule refused a request, that the system timed out or cannot be reached', async () => {
    const t = await translator('en');
    const refused = describeLookup(
      lookup({ outcome: 'error', output: 'error', reason: { code: 'secret.notBound', params: { secret: 'OPERATOR_API_TOKEN', allowed: 'operator', backend: 'crm' } } }),
      t,
    );
    expect(refused.explanation).toBe('Refused before sending: secret OPERATOR_API_TOKEN may go only to backend operator, not to crm (the server’s GRIOT_FLOW_SECRETS rule).');
    expect(describeLookup(lookup({ outcome: 'timeout', durationMs: 4003, output: 'timeout' }), t).explanation).toMatch(/^Timed out: the system did not answer in time \(4003 ms\)/);
    expect(describeLookup(lookup({ outcome: 'error', output: 'error', reason: { code: 'http.pathEscape', params: { backend: 'operator' } } }), t).explanation).toBe(
      'Refused before sending: the address must stay under backend operator’s address (no “..” or “.” segment, no encoded / or backslash, also in what the caller typed).',
    );
    expect(describeLookup(lookup({ outcome: 'error', output: 'error', reason: { code: 'http.tooLarge', params: { host: 'gw', limit: '1048576' } } }), t).explanation).toMatch(
      /more than 1048576 bytes/,
    );
    expect(describeLookup(lookup({ outcome: 'error', reason: { code: 'http.unreachable', params: { cause: 'ECONNREFUSED' } } }), t).explanation).toBe(
      'The system cannot be reached (ECONNREFUSED): it is down, or its address is wrong.',
    );
    // A code this designer does not know yet still shows the server's message.
    expect(describeLookup(lookup({ outcome: 'error', message: 'something new', reason: { code: 'http.future' } }), t).explanation).toBe('Error: something new');
  });

  it('does not call a 200 a failure, and gives any other status a meaning', async () => {
    const t = await translator('fr');
    expect(describeLookup(lookup({ status: 200, output: 'ok' }), t)).toMatchObject({ failed: false, explanation: 'HTTP 200 — OK' });
    expect(describeLookup(lookup({ status: 418 }), t).explanation).toBe('HTTP 418 — Requête refusée par le SI.');
    expect(describeLookup(lookup({ status: 599 }), t).explanation).toBe('HTTP 599 — Erreur côté SI.');
  });

  it('tells a look-up Griot could not send for want of its own configuration from the system’s failures', async () => {
    const t = await translator('fr');
    const unset = describeLookup(lookup({ outcome: 'error', output: 'error', reason: { code: 'secret.notSet', params: { secret: 'CRM_TOKEN' } } }), t);
    expect(unset).toMatchObject({ failed: true, misconfigured: true });
    expect(t(unset.misconfigured ? 'lookup.misconfigured' : 'lookup.failed', { node: 'solde' })).toBe(
      'L’appel au SI « solde » n’est pas parti : la configuration de Griot est incomplète, le système de l’opérateur n’y est pour rien',
    );
    const down = describeLookup(lookup({ outcome: 'error', output: 'error', reason: { code: 'http.unreachable', params: { cause: 'ECONNREFUSED' } } }), t);
    expect(down.failed).toBe(true);
    expect(down.misconfigured).toBeUndefined();
    expect(describeLookup(lookup({ status: 503, output: 'error' }), t).misconfigured).toBeUndefined();
  });
});
