import { describe, expect, it } from 'vitest';
import { testT } from '../i18n/testT.ts';
import { auditFr } from './auditFr.ts';
import { auditSentence } from './auditSentence.ts';

const KNOWN = new Set(Object.keys(auditFr.actions).filter((k) => k !== 'other'));
const names: Record<string, string> = { f1919: '1919' };
const flowName = (id: string) => names[id] ?? id;
const entry = (action: string, target: string, details: Record<string, string | number>) => ({ id: 'a1', at: '2026-03-01T10:00:00.000Z', actor: 'Awa', action, target, details });

describe('auditSentence', () => {
  it('says a production release as people would', async () => {
    const t = await testT('fr');
    expect(auditSentence(entry('environment.promote', 'flow:f1919', { environment: 'production', from: 3, to: 4 }), t, flowName, KNOWN)).toBe('Awa a publié « 1919 » v4 en production');
    const en = await testT('en');
    expect(auditSentence(entry('environment.promote', 'flow:f1919', { environment: 'staging', from: 3, to: 4 }), en, flowName, KNOWN)).toBe('Awa published “1919” v4 to staging');
  });

  it('says a binding’s channel and staging in the words of the bindings page, not « (voice) » nor « pré-production » (ops32)', async () => {
    const t = await testT('fr');
    expect(auditSentence(entry('binding.create', 'binding:b1', { address: '1919', channel: 'voice', flowId: 'f1919' }), t, flowName, KNOWN)).toBe('Awa a raccordé 1919 (Voix) à « 1919 »');
    expect(auditSentence(entry('binding.delete', 'binding:b2', { address: '100000000000001', channel: 'whatsapp' }), t, flowName, KNOWN)).toBe(
      'Awa a supprimé le raccordement 100000000000001 (WhatsApp)',
    );
    expect(auditSentence(entry('environment.promote', 'flow:f1919', { environment: 'staging', from: 3, to: 4 }), t, flowName, KNOWN)).toBe('Awa a publié « 1919 » v4 en préproduction');
    const en = await testT('en');
    expect(auditSentence(entry('binding.create', 'binding:b1', { address: '*919#', channel: 'ussd', flowId: 'f1919' }), en, flowName, KNOWN)).toContain('*919# (USSD)');
  });

  it('says a copy of a flow by the names of both flows', async () => {
    const t = await testT('fr');
    const copy = entry('flow.duplicate', 'flow:f1919-copy', { name: '1919 Tabaski 2027', from: 'f1919', version: 3, recordings: 12 });
    expect(auditSentence(copy, t, (id) => (id === 'f1919-copy' ? '1919 Tabaski 2027' : flowName(id)), KNOWN)).toBe('Awa a dupliqué « 1919 » en « 1919 Tabaski 2027 »');
  });

  it('names the server’s admin token in words, as the conflict dialog and the versions panel do, never « admin-token »', async () => {
    const t = await testT('fr');
    const byToken = { ...entry('environment.promote', 'flow:f1919', { environment: 'production', from: 3, to: 4 }), actor: 'admin-token' };
    expect(auditSentence(byToken, t, flowName, KNOWN)).toBe('Le jeton d’administration du serveur (un script ou un outil de l’équipe technique) a publié « 1919 » v4 en production');
  });

  it('shows only the fields its sentence names, and falls back to the action for one it does not know', async () => {
    const t = await testT('fr');
    const odd = auditSentence(entry('vault.rotate', 'key:k1', { secret: 'hunter2' }), t, flowName, KNOWN);
    expect(odd).toBe('Awa : vault.rotate (key:k1)');
    expect(auditSentence(entry('token.create', 'token:t1', { name: 'CI', token: 'grt_live_abc' }), t, flowName, KNOWN)).toBe('Awa a créé le jeton d’API « CI »');
  });
});

describe("agents' and supervisors' actions in the audit log", () => {
  it('read as sentences, never as raw action names and ids', async () => {
    const t = await testT('fr');
    const say = (action: string, target: string, details: Record<string, string | number>) => auditSentence(entry(action, target, details), t, flowName, KNOWN);
    expect(say('callback.take', 'callback:cb-1', { queue: 'support-fr', status: 'taken', attempts: 1 })).toBe('Awa a pris une demande de rappel de la file support-fr');
    expect(say('contact.callback', 'contact:c1', { queue: 'support-fr', callback: 'cb-1' })).toBe('Awa a transformé un contact de la file support-fr en demande de rappel');
    expect(say('contact.reply', 'contact:c1', { queue: 'support-fr', message: 'm1', channel: 'whatsapp' })).toBe('Awa a répondu à un contact de la file support-fr (WhatsApp)');
    expect(say('contact.transfer', 'contact:c1', { queue: 'support-en', from: 'support-fr', to: 'support-en' })).toBe('Awa a transféré un contact de la file support-fr vers la file support-en');
    expect(say('contact.release', 'contact:c1', { queue: 'support-fr' })).toBe('Awa a rendu au bot un contact de la file support-fr');
    expect(say('contact.close', 'contact:c1', { queue: 'support-fr', outcome: 'resolved' })).toBe('Awa a clôturé un contact de la file support-fr : Résolu');
    expect(say('queue.settings', 'queue:support-fr', {})).toBe('Awa a modifié les réglages de la file support-fr');
    expect(say('cannedReply.create', 'canned_reply:r1', { title: 'Salutation' })).toBe('Awa a ajouté la réponse type « Salutation »');
    const en = await testT('en');
    expect(auditSentence(entry('contact.take', 'contact:c1', { queue: 'support-en', priority: 999 }), en, flowName, KNOWN)).toBe('Awa took a contact from the support-en queue');
  });
});

describe('changes to accounts in the audit log', () => {
  const say = async (lang: 'fr' | 'en', action: string, target: string, details: Record<string, unknown>) =>
    auditSentence({ id: 'a1', at: '2026-03-01T10:00:00.000Z', actor: 'alain', action, target, details } as never, await testT(lang), flowName, KNOWN);

  it('says whose account was disabled, enabled or given other roles, by name rather than by id', async () => {
    const update = { username: 'awa', roles: ['agent'], sessionsEnded: 1, tokensRevoked: 0 };
    expect(await say('fr', 'user.update', 'user:0ffde584-1', { ...update, changed: ['disabled'], disabled: true, disabledBefore: false })).toBe('alain a désactivé le compte de awa');
    expect(await say('fr', 'user.update', 'user:0ffde584-1', { ...update, changed: ['disabled'], disabled: false, disabledBefore: true })).toBe('alain a réactivé le compte de awa');
    expect(await say('fr', 'user.update', 'user:0ffde584-1', { ...update, changed: ['roles'], roles: ['agent', 'supervisor'], rolesBefore: ['agent'], disabled: false })).toBe(
      'alain a changé les rôles de awa : Agent → Agent, Superviseur',
    );
    expect(await say('en', 'user.update', 'user:0ffde584-1', { ...update, changed: ['disabled'], disabled: true, disabledBefore: false })).toBe('alain disabled awa’s account');
    // An entry written before names were recorded still reads.
    expect(await say('fr', 'user.update', 'user:0ffde584-1', { changed: ['disabled'], disabled: true })).toBe('alain a modifié le compte user:0ffde584-1');
  });

  it('counts sessions, tokens and minutes in the plural forms of each language', async () => {
    expect(await say('fr', 'user.endSessions', 'user:u1', { username: 'kofi', address: '10.0.0.1', sessionsEnded: 1, tokensRevoked: 0 })).toBe(
      'alain a fermé les sessions de kofi (1 session, 0 jeton d’API révoqué)',
    );
    expect(await say('fr', 'auth.logoutEverywhere', 'user:u1', { sessionsEnded: 3, tokensRevoked: 2 })).toBe('alain s’est déconnecté(e) partout (3 sessions, 2 jetons d’API révoqués)');
    expect(await say('en', 'user.endSessions', 'user:u1', { username: 'kofi', sessionsEnded: 1, tokensRevoked: 1 })).toBe('alain ended the sessions of kofi (1 session, 1 API token revoked)');
    expect(await say('en', 'auth.logoutEverywhere', 'user:u1', { sessionsEnded: 0, tokensRevoked: 0 })).toBe('alain logged out everywhere (0 sessions, 0 API tokens revoked)');
    expect(await say('fr', 'auth.idleTimeout', 'user:u1', { lastUsedAt: '2026-03-01T09:00:00.000Z', idleMinutes: 1 })).toBe('Session de alain fermée après 1 minute sans activité');
    expect(await say('en', 'auth.idleTimeout', 'user:u1', { idleMinutes: 30 })).toBe('Session of alain ended after 30 minutes without activity');
  });

  it('says a departing agent’s contacts went back to their queue', async () => {
    expect(await say('fr', 'user.requeueContacts', 'user:0ffde584-1', { username: 'awa', requeued: 2, failed: 0 })).toBe('alain a remis en file les contacts de awa (2)');
    expect(await say('fr', 'contact.transfer', 'contact:c1', { queue: 'support-fr', from: 'support-fr', to: 'support-fr', agentBefore: 'awa' })).toBe(
      'alain a remis dans la file support-fr un contact que tenait awa',
    );
  });
});

describe('queues assigned to an agent in the audit log', () => {
  it('say which queues before and after, every queue and none in words', async () => {
    const t = await testT('fr');
    const assigned = (details: Record<string, unknown>) =>
      auditSentence({ ...entry('user.update', 'user:u1', {}), details: { username: 'fatou', changed: ['queues'], ...details } }, t, flowName, KNOWN);
    expect(assigned({ queuesBefore: null, queues: ['support-fr', 'whatsapp-fon'] })).toBe('Awa a changé les files de fatou : Toutes les files → support-fr, whatsapp-fon');
    expect(assigned({ queuesBefore: ['support-fr'], queues: [] })).toBe('Awa a changé les files de fatou : support-fr → Aucune file');
    const en = await testT('en');
    expect(auditSentence({ ...entry('user.update', 'user:u1', {}), details: { username: 'fatou', changed: ['queues'], queuesBefore: [], queues: null } }, en, flowName, KNOWN)).toBe(
      'Awa changed fatou’s queues: No queue → Every queue',
    );
  });
});
