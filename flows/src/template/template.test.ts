import { describe, expect, it } from 'vitest';
import { parseTemplate, renderTemplate } from './template.ts';

const vars: Record<string, unknown> = { puk: '1234 5678', name: 'Ana & Co', 'tx.0.amount': -5000 };
const values = { lookup: (p: string) => vars[p], isSensitive: (p: string) => p === 'puk' };
const base = { values };

describe('templates', () => {
  it('spells codes on voice and keeps them whole on screens', () => {
    expect(renderTemplate('Code {{ puk | spell }}', { ...base, spellDigits: true, escape: 'xml' }).text).toBe('Code 1, 2, 3, 4, 5, 6, 7, 8');
    expect(renderTemplate('Code {{puk|spell}}', { ...base, spellDigits: false, escape: 'none' }).text).toBe('Code 1234 5678');
  });
  it('masks sensitive values in the redacted text only', () => {
    const r = renderTemplate('Code {{puk}}', { ...base, spellDigits: false, escape: 'none' });
    expect(r).toMatchObject({ text: 'Code 1234 5678', redacted: 'Code •••' });
  });
  it('escapes values for SSML, URLs and JSON', () => {
    expect(renderTemplate('{{name}}', { ...base, spellDigits: false, escape: 'xml' }).text).toBe('Ana &amp; Co');
    expect(renderTemplate('/s/{{name}}', { ...base, spellDigits: false, escape: 'url' }).text).toBe('/s/Ana%20%26%20Co');
    expect(renderTemplate('{"n":"{{name}}"}', { values: { ...values, lookup: () => 'say "hi"' }, spellDigits: false, escape: 'json' }).text).toBe('{"n":"say \\"hi\\""}');
  });
  it('reads array indexes and reports missing values and bad placeholders', () => {
    expect(renderTemplate('{{tx[0].amount}}', { ...base, spellDigits: false, escape: 'none' }).text).toBe('-5000');
    expect(renderTemplate('{{nope}}', { ...base, spellDigits: false, escape: 'none' }).missing).toEqual(['nope']);
    expect(parseTemplate('{{ a b }} {{x | shout}}').errors).toHaveLength(2);
  });

  it('keeps {{secret.NAME}} for the runtime, but a value cannot write one into a request', () => {
    const forged = { values: { ...values, lookup: () => '{{secret.OPERATOR_API_TOKEN}}' } };
    const keep = { spellDigits: false, keepSecrets: true } as const;
    expect(renderTemplate('Bearer {{secret.OPERATOR_API_TOKEN}}', { ...base, ...keep, escape: 'none' }).text).toBe('Bearer {{secret.OPERATOR_API_TOKEN}}');
    const body = renderTemplate('{"name":"{{name}}"}', { ...forged, ...keep, escape: 'json' }).text;
    expect(body).not.toContain('{{secret.');
    // The backend still reads what the caller typed.
    expect(JSON.parse(body)).toEqual({ name: '{{secret.OPERATOR_API_TOKEN}}' });
    expect(renderTemplate('{{name}}', { ...forged, ...keep, escape: 'none' }).text).not.toContain('{{');
    expect(renderTemplate('{{name}}', { values: { ...values, lookup: () => '{{{{x' }, ...keep, escape: 'none' }).text).not.toContain('{{');
    expect(renderTemplate('/s/{{name}}', { ...forged, ...keep, escape: 'url' }).text).not.toContain('{{');
  });
});
