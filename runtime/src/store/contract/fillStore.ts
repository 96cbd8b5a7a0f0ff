import { callback, handoffContact } from './handoffContract.ts';
import { fillMessaging } from './messagingContract.ts';
import { contentHash } from '@griot/flows';
import type { Store } from '../types.ts';
import { testFlow } from '../testFlow.ts';
import { at, auditEntry, binding, caller, createFlow, loginSession, pointer, session, token, transcript, turn, user, version } from './fixtures.ts';

/** Puts at least one of everything in a store, as a backup or a reopened file must keep it. */
export async function fillStore(store: Store): Promise<void> {
  await createFlow(store, 'hello');
  await createFlow(store, 'other');
  const edited = testFlow('hello', 'Hello, edited');
  await store.saveDraft('hello', 1, edited, contentHash(edited), 'bob', at(1));
  await store.addVersion(version('hello', 'first'));
  await store.addVersion({ ...version('hello', 'second'), label: 'Ramadan 2027' });
  await store.putVersion({ ...version('other', 'imported'), number: 4 });
  await store.setEnvironment('hello', 'staging', null, { ...pointer('hello', 'staging', 2), vetted: [2] }); // a publisher put it there: a backup keeps that
  await store.setEnvironment('hello', 'production', null, pointer('hello', 'production', 1));
  await store.setEnvironment('hello', 'production', 1, pointer('hello', 'production', 2, [1]));
  await store.putBinding(binding('b1', 'hello', 'voice', '1919'));
  await store.putBinding(binding('b2', 'other', 'whatsapp', '22990000001'));
  await store.putSession(session('voice:CA1', at(30)));
  await store.putSession(session('whatsapp:229', at(40), 4));
  await store.putCaller(caller('+2290197000001'));
  await store.putCaller(caller('preview:+2290197000002', at(3)));
  await store.linkCaller({ key: 'telegram:5550000001', number: '+2290197000001', verified: true, linkedAt: at(4) });
  await store.startTranscript(transcript('voice:CA0', '+2290197000001', at(-60)));
  await store.appendTurn('voice:CA0', turn(1));
  await store.endTranscript('voice:CA0', at(-50), 'hangup');
  await store.startTranscript(transcript('voice:CA1', '+2290197000001', at(0)));
  await store.appendTurn('voice:CA1', turn(2));
  await store.appendAudit(auditEntry('a1', 1));
  await store.appendAudit(auditEntry('a2', 1, 'binding:b1'));
  await store.putUser(user('u1', 'awa'));
  await store.putUser({ ...user('u2', 'kofi'), queues: ['support-fr'] });
  await store.putToken(token('tok_u1_a', 'u1', 'hash-a'));
  await store.putLoginSession(loginSession('s1', 'u1', at(600)));
  // Agents' work is part of a backup too.
  await store.putHandoffContact(handoffContact('h1', 1, at(2), { status: 'assigned', agent: 'awa' }));
  await store.appendHandoffMessage({ id: 'm1', contactId: 'h1', at: at(3), from: 'subscriber', text: 'Bonjour' });
  await store.putCallbackRequest(callback('cb1', at(4)));
  await store.putQueueSettings({
    queue: 'support-fr',
    callbackAfterSeconds: 90,
    timezone: 'Africa/Porto-Novo',
    weeklyHours: { mon: [{ open: '08:00', close: '18:00' }] },
    holidays: ['2025-08-01'],
    updatedAt: at(5),
    updatedBy: 'sup',
  });
  await store.putCannedReply({ id: 'cr1', title: 'Salutation', texts: { fr: 'Je regarde votre demande.', en: 'Let me check.' }, queue: 'support-fr', updatedAt: at(5), updatedBy: 'sup' });
  // Messages acknowledged to WhatsApp and not processed yet are in backups too.
  await fillMessaging(store);
}
