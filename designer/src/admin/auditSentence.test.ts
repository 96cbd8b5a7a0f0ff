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
