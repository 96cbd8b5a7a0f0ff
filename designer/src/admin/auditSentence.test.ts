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
