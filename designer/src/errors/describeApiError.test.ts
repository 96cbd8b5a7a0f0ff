import { describe, expect, it } from 'vitest';
import { testT } from '../i18n/testT.ts';
import { describeApiError } from './describeApiError.ts';

describe('server errors in the user’s language', () => {
  it('says a refused publish in French, with the version the body carries', async () => {
    const t = await testT('fr');
    const body = { error: { code: 'no_changes', message: 'the draft is the same as version 1', flowId: 'selfcare-1919', params: { version: 1 } } };
    expect(describeApiError(t, 409, body)).toBe('Rien à publier : le brouillon est identique à la version 1.');
  });

  it('says why a name with a text-direction control is refused, naming the character', async () => {
    const body = { error: { code: 'name_direction_control', message: 'document.name holds U+202E', field: 'document.name', params: { field: 'document.name', character: 'U+202E' } } };
    expect(describeApiError(await testT('fr'), 400, body)).toBe(
      'Ce nom contient un caractère invisible qui change le sens du texte (U+202E) : dans les listes, il se lirait comme un autre nom. Écrivez-le sans ce caractère.',
    );
  });

  it('says an entry point’s address refused for a direction control is an address, not a name', async () => {
    const body = { error: { code: 'name_direction_control', message: 'address holds U+202E', field: 'address', params: { field: 'address', character: 'U+202E' } } };
    expect(describeApiError(await testT('fr'), 400, body)).toBe(
      'Cette adresse contient un caractère invisible qui change le sens du texte (U+202E) : sur la page des numéros, elle se lirait comme une autre. Écrivez-la sans ce caractère.',
    );
    expect(describeApiError(await testT('en'), 400, body)).toMatch(/^This address holds/);
  });

  it('tells a supervisor refused a queue name when a queue in use keeps it, a failed callback for two days', async () => {
    for (const field of ['queue', 'queues.2']) {
      const body = { error: { code: 'name_direction_control', message: `${field} holds U+202E`, field, params: { field, character: 'U+202E' } } };
      expect(describeApiError(await testT('fr'), 400, body)).toBe(
        'Ce nom de file contient un caractère invisible qui change le sens du texte (U+202E) : dans les listes des conseillers, il se lirait comme un autre nom. Une file déjà en service le garde (un contact y attend ou y est servi, un conseiller y est affecté, un rappel reste à faire : un rappel en échec compte deux jours après sa tentative) ; celle-ci ne l’est pas : écrivez son nom sans ce caractère.',
      );
      expect(describeApiError(await testT('en'), 400, body)).toMatch(/^This queue name holds .*two days after its attempt/);
    }
  });

  it('names the node whose queue is refused, and the imported version holding it', async () => {
    const params = { field: 'versions.1.document.nodes.3.queue', character: 'U+202E', node: 'agent', version: 2 };
    const body = { error: { code: 'name_direction_control', message: 'x', field: params.field, params } };
    expect(describeApiError(await testT('fr'), 400, body)).toBe(
      'Dans la version 2, le nœud agent transmet à une file dont le nom contient un caractère invisible qui change le sens du texte (U+202E) : dans les listes des conseillers, il se lirait comme un autre nom. Rien n’a été importé : corrigez la file de ce nœud dans le fichier.',
    );
    const { version: _v, ...inDraft } = params;
    expect(describeApiError(await testT('fr'), 400, { error: { code: 'name_direction_control', params: { ...inDraft, field: 'document.nodes.3.queue' } } })).toBe(
      'Le nœud agent transmet à une file dont le nom contient un caractère invisible qui change le sens du texte (U+202E) : dans les listes des conseillers, il se lirait comme un autre nom. Écrivez la file de ce nœud sans ce caractère.',
    );
  });

  it('names the role missing and the roles held, translated', async () => {
    const body = { error: { code: 'forbidden', message: 'this needs the role viewer; agent1 has agent', params: { required: ['viewer'], username: 'agent1', roles: ['agent'] } } };
    expect(describeApiError(await testT('fr'), 403, body)).toBe('Cette action demande le rôle Lecteur ; agent1 a : Agent.');
    expect(describeApiError(await testT('en'), 403, body)).toBe('This needs the role Viewer; agent1 has: Agent.');
    const either = { error: { code: 'forbidden', params: { required: ['agent', 'supervisor'], username: 'x', roles: [] } } };
    expect(describeApiError(await testT('fr'), 403, either)).toBe('Cette action demande le rôle Agent ou Superviseur ; x a : aucun rôle.');
  });

  it('names the recordings production waits for', async () => {
    const body = { error: { code: 'recordings_missing', params: { count: 2, version: 3, recordings: ['fon/bye.wav', 'menu prompt.fon'] } }, issues: [] };
    expect(describeApiError(await testT('fr'), 422, body)).toBe(
      'Il manque encore 2 enregistrements à la version 3 (fon/bye.wav, menu prompt.fon) : à faire dans une langue sans synthèse vocale, ou nommés mais absents des enregistrements du parcours. Elle peut rester en préproduction, mais la production n’a pas changé. Enregistrez ceux à faire et publiez une nouvelle version ; téléversez les fichiers absents, puis mettez-la en production.',
    );
  });

  it('counts in the singular or the plural', async () => {
    const one = { error: { code: 'lint_errors', params: { count: 1 } } };
    expect(describeApiError(await testT('fr'), 422, one)).toBe('Le brouillon a 1 erreur : corrigez-la avant de publier.');
    expect(describeApiError(await testT('en'), 422, { error: { code: 'lint_errors', params: { count: 3 } } })).toBe('The draft has 3 errors: fix them before publishing.');
    const bindings = { error: { code: 'environment_in_use', params: { environment: 'production', count: 1 } } };
    expect(describeApiError(await testT('fr'), 409, bindings)).toBe('Production répond encore à 1 raccordement : un administrateur doit d’abord le retirer ou le rediriger.');
  });

  it('counts each of several numbers in the singular or the plural, never « (s) »', async () => {
    const live = { error: { code: 'flow_in_use', flowId: 'selfcare-1919', params: { environments: 1, bindings: 3 } } };
    expect(describeApiError(await testT('fr'), 409, live)).toBe('Le parcours selfcare-1919 est en service (1 environnement, 3 raccordements) : il ne peut pas être archivé.');
    expect(describeApiError(await testT('en'), 409, live)).toBe('Flow selfcare-1919 is live (1 environment, 3 bindings): it cannot be archived.');
    const full = { error: { code: 'store_not_empty', params: { flows: 2, users: 1 } } };
    expect(describeApiError(await testT('fr'), 409, full)).toBe('La restauration demande une base vide ; celle-ci a 2 parcours et 1 utilisateur.');
    expect(describeApiError(await testT('en'), 409, { error: { code: 'store_not_empty', params: { flows: 1, users: 0 } } })).toBe('Restoring needs an empty store; this one has 1 flow and 0 users.');
  });

  it('says how long to wait after too many sign-ins', async () => {
    const body = { error: { code: 'login_throttled', message: 'too many failed logins (account+address): try again in 15 minutes' }, rule: 'account+address', retryAfterSeconds: 900 };
    expect(describeApiError(await testT('fr'), 429, body)).toContain('réessayez dans 15 min');
  });

  it('translates the environment and the contact’s status', async () => {
    const t = await testT('fr');
    expect(describeApiError(t, 409, { error: { code: 'environment_empty', params: { environment: 'production' } } })).toBe('Rien n’est en Production pour ce parcours.');
    expect(describeApiError(t, 409, { error: { code: 'contact_not_waiting', params: { status: 'assigned', agent: 'kofi' } }, status: 'assigned' })).toBe(
      'Ce contact n’est plus en attente : il est pris en charge.',
    );
  });

  it('falls back to a translated sentence with the code, never to the server’s English', async () => {
    const t = await testT('fr');
    const unknown = describeApiError(t, 418, { error: { code: 'teapot_busy', message: 'the teapot is busy' } });
    expect(unknown).toBe('Le serveur a refusé la demande (code teapot_busy, HTTP 418).');
    expect(describeApiError(t, 502, { error: { message: 'Bad Gateway' } })).toBe('Le serveur a répondu par une erreur (HTTP 502).');
    // A value an older server did not send reads as a dash.
    expect(describeApiError(t, 409, { error: { code: 'no_changes', message: 'the draft is the same as version 1' } })).toBe('Rien à publier : le brouillon est identique à la version —.');
  });
});
