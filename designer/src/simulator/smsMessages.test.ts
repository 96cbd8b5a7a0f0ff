import { describe, expect, it } from 'vitest';
import type { Effect } from '@griot/flows';
import { smsMessages } from './smsMessages.ts';

describe('smsMessages', () => {
  it('shows a menu as numbered text in one SMS, and says what each SMS costs', () => {
    const effects = [
      { type: 'say', node: 'welcome', text: '<speak>Bienvenue sur le 1919.</speak>' },
      {
        type: 'ask',
        node: 'menu',
        kind: 'choice',
        options: [
          { id: 'puk', key: '1', label: 'Code PUK' },
          { id: 'balance', key: '2', label: 'Solde' },
        ],
        locale: 'fr',
      },
    ] as unknown as Effect[];
    expect(smsMessages(effects)).toEqual([{ kind: 'sms', text: 'Bienvenue sur le 1919.\n\n1. Code PUK\n2. Solde', parts: 1, encoding: 'gsm7' }]);
  });

  it('counts UCS-2 parts for text GSM 03.38 lacks (ê), and notes a recording that SMS cannot carry', () => {
    const effects = [
      { type: 'say', node: 'long', text: `Vous êtes au 1919. ${'Merci de votre patience. '.repeat(4)}` },
      { type: 'say', node: 'fon', audio: 'fon/welcome.wav' },
      { type: 'end', node: 'bye', reason: 'served' },
    ] as unknown as Effect[];
    const [sms, ...notes] = smsMessages(effects);
    expect(sms).toMatchObject({ kind: 'sms', encoding: 'ucs2', parts: 2 });
    expect(notes).toEqual([
      { kind: 'note', text: '🔇 fon' },
      { kind: 'note', text: '■ served' },
    ]);
  });
});
