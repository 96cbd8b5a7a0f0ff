import { describe, expect, it } from 'vitest';
import { Flow } from '../schema/flow.ts';
import { lintFlow } from '../lint/lintFlow.ts';
import { step } from '../interpreter/step.ts';
import { createSession } from '../interpreter/session.ts';
import { renderTemplate } from './template.ts';
import type { SayEffect } from '../interpreter/types.ts';

const plain = (s: string | undefined) => s?.replace(/[\u00a0\u202f]/g, ' ');

/** A balance read back in the caller's locale: what `{{balance | amount}}` says on each channel. */
function balanceFlow(currency?: string): Flow {
  return Flow.parse({
    schemaVersion: 2,
    id: 'balance',
    name: 'Solde',
    locales: [
      { code: 'fr', name: 'Français', tts: { vendor: 'google' } },
      { code: 'en', name: 'English', tts: { vendor: 'google' } },
      { code: 'fon', name: 'Fon' },
    ],
    variables: [
      { name: 'balance', type: 'number', default: 1250000 },
      { name: 'data', type: 'string', default: '850 Mo' },
    ],
    nodes: [
      { id: 'start', type: 'start' },
      {
        id: 'say',
        type: 'message',
        prompt: {
          fr: { text: 'Votre solde est de {{balance | amount}} ({{balance | number}} unités, {{data | number}}).' },
          en: { text: 'Your balance is {{balance | amount}}.' },
          fon: { text: 'Solde : {{balance | amount}}', audio: 'fon/solde.wav' },
        },
      },
      { id: 'bye', type: 'end' },
    ],
    edges: [
      { id: 'e1', source: 'start', output: 'next', target: 'say' },
      { id: 'e2', source: 'say', output: 'next', target: 'bye' },
    ],
    settings: currency ? { currency } : {},
  });
}

const said = (flow: Flow, locale: string, channel: 'voice' | 'whatsapp' = 'whatsapp') => {
  const session = createSession(flow, { channel, caller: { number: '+2290197000001' }, flowVersion: 1, locale });
  const { effects } = step(flow, session, { type: 'start' });
  const say = effects.find((e): e is SayEffect => e.type === 'say' && e.node === 'say');
  return plain(say?.text);
};

describe('number and amount filters in prompts', () => {
  it('write the balance as the caller’s locale does, on screens and on voice', () => {
    const flow = balanceFlow();
    expect(
      lintFlow(flow)
        .filter((i) => i.severity === 'error')
        .map((i) => i.code),
    ).toEqual([]);
    expect(said(flow, 'fr')).toBe('Votre solde est de 1 250 000 F CFA (1 250 000 unités, 850 Mo).');
    expect(said(flow, 'en')).toBe('Your balance is F CFA 1,250,000.');
    expect(said(flow, 'fr', 'voice')).toBe('Votre solde est de 1 250 000 F CFA (1 250 000 unités, 850 Mo).');
    // Fon has no number rules here: written as the flow's default locale (French) writes it.
    expect(said(flow, 'fon')).toBe('Solde : 1 250 000 F CFA');
  });

  it('use the flow’s currency', () => {
    expect(said(balanceFlow('XAF'), 'fr')).toContain('1 250 000 FCFA');
  });

  it('are known filters: no parse error, and French when no locale is given', () => {
    const values = { lookup: () => 23500, isSensitive: () => false };
    const rendered = renderTemplate('{{x | amount}}', { values, spellDigits: false, escape: 'none' });
    expect(plain(rendered.text)).toBe('23 500 F CFA');
  });
});
