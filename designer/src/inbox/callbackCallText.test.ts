import { describe, expect, it } from 'vitest';
import type { CallbackCall, CallbackRequest } from '@griot/flows';
import { callbackCallText, griotCalls } from './callbackCallText.ts';
import { testT } from '../i18n/testT.ts';

const base = { queue: 'support-fr', reason: 'Rappel', requestedAt: '2026-11-20T10:00:00.000Z', locale: 'fr', context: {}, updatedAt: '2026-11-20T10:00:00.000Z' };
const call = (status: CallbackCall['status'], extra: Partial<CallbackCall> = {}): CallbackCall => ({ status, attempt: 2, sid: 'CA-1', from: '+22921300000', at: '2026-11-20T10:05:00.000Z', ...extra });
const request = (id: string, number: string, status: CallbackRequest['status'], attempts: number, agent?: string, lastCall?: CallbackCall): CallbackRequest => ({
  ...base,
  id,
  number,
  status,
  attempts,
  ...(agent ? { agent } : {}),
  ...(lastCall ? { lastCall } : {}),
});

describe('what the agent reads about Griot’s call for a callback', () => {
  it('tells every state of the call, in French, and whether the agent must dial', async () => {
    const t = await testT('fr');
    const requests = [
      request('placed', '+2290197000031', 'taken', 2, 'awa', call('placed')),
      request('other', '+2290197000032', 'taken', 2, 'kofi', call('placed')),
      request('answered', '+2290197000033', 'taken', 2, 'awa', call('answered')),
      request('completed', '+2290197000034', 'taken', 2, 'awa', call('completed')),
      request('noAnswer', '+2290197000035', 'failed', 2, 'awa', call('failed', { reason: 'no_answer' })),
      request('refused', '+2290197000036', 'failed', 2, 'awa', call('failed', { reason: 'jambonz_refused', detail: 'jambonz answered 401: invalid api key' })),
      request('agent', '+2290197000037', 'failed', 2, 'awa', call('failed', { reason: 'agent_unavailable' })),
      request('retried', '+2290197000038', 'pending', 2, undefined, call('failed', { reason: 'busy' })),
      request('jambonzWords', '+2290197000041', 'failed', 2, 'awa', call('failed', { reason: 'no-answer' })),
      request('stale', '+2290197000039', 'taken', 3, 'awa', call('placed')),
      request('byHand', '+2290197000040', 'taken', 1, 'awa'),
    ];
    expect(requests.map((r) => ({ id: r.id, ...callbackCallText(t, r, 'awa'), dial: r.status === 'taken' && !griotCalls(r) }))).toEqual([
      { id: 'placed', text: 'Griot appelle +229 01 97 00 00 31 et vous mettra en relation.', tone: 'progress', dial: false },
      { id: 'other', text: 'Griot appelle +229 01 97 00 00 32 et mettra en relation kofi.', tone: 'progress', dial: false },
      { id: 'answered', text: '+229 01 97 00 00 33 a décroché : Griot vous met en relation.', tone: 'progress', dial: false },
      { id: 'completed', text: 'Appel terminé : marquez le rappel fait ou en échec.', tone: 'progress', dial: false },
      { id: 'noAnswer', text: 'L’appel de Griot n’a pas abouti : l’abonné n’a pas répondu.', tone: 'failed', dial: false },
      {
        id: 'refused',
        text: 'L’appel de Griot n’a pas abouti : jambonz a refusé l’appel (clé d’API, compte ou requête à vérifier par l’exploitation).',
        detail: 'jambonz answered 401: invalid api key',
        tone: 'failed',
        dial: false,
      },
      { id: 'agent', text: 'L’appel de Griot n’a pas abouti : le conseiller n’a pas décroché ; l’abonné en a été informé.', tone: 'failed', dial: false },
      { id: 'retried', text: 'Tentative précédente : la ligne de l’abonné était occupée.', tone: 'past', dial: false },
      { id: 'jambonzWords', text: 'L’appel de Griot n’a pas abouti : l’abonné n’a pas répondu.', tone: 'failed', dial: false },
      // The call of an earlier attempt says nothing about this one; without callbacks out the agent dials.
      { id: 'stale', dial: true },
      { id: 'byHand', dial: true },
    ]);
  });

  it('speaks English when the user does', async () => {
    const t = await testT('en');
    expect(callbackCallText(t, request('x', '+2290197000031', 'taken', 2, 'awa', call('placed')), 'awa')?.text).toBe('Griot is calling +229 01 97 00 00 31 and will connect you.');
  });
});
