import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Flow, type Effect, type Session } from '@griot/flows';
import { parseDataKeys } from '../sensitive/dataKeys.ts';
import { SessionVault } from '../sensitive/SessionVault.ts';
import { captureLogs } from './testSupport.ts';
import { answerOf, openAnswer } from './turnAnswer.ts';

const parsed = parseDataKeys(`k1:${randomBytes(32).toString('base64')}`, undefined);
if (!parsed.ok || !parsed.keyring) throw new Error('bad test key');
const vault = new SessionVault(parsed.keyring, captureLogs().logger);
const session = { turns: 3, status: 'active' } as unknown as Session;
/** A closed line: « closed » says a static text, « balance » the balance a look-up put in a variable. */
const FLOW = Flow.parse({
  schemaVersion: 2,
  id: 'closed-line',
  name: 'Closed line',
  locales: [{ code: 'fr', name: 'Français', tts: null, asr: null }],
  variables: [{ name: 'balanceAirtime', type: 'number' }],
  nodes: [
    { id: 'start', type: 'start' },
    { id: 'closed', type: 'message', prompt: { fr: { text: 'Nos bureaux sont fermés. Au revoir.' } } },
    { id: 'balance', type: 'message', prompt: { fr: { text: 'Votre crédit est de {{balanceAirtime}} francs CFA.' } } },
    { id: 'bye', type: 'end', reason: 'closed' },
  ],
  edges: [
    { id: 'e0', source: 'start', output: 'next', target: 'closed' },
    { id: 'e1', source: 'closed', output: 'next', target: 'bye' },
  ],
});
const menu: Effect[] = [
  { type: 'say', node: 'menu', locale: 'fr', text: 'Tapez 1 pour le PUK, 2 pour un code.' },
  { type: 'ask', node: 'menu', kind: 'choice', locale: 'fr', timeoutSeconds: 8, bargeIn: true, speech: false, hints: [], retry: 0 },
];
const puk: Effect[] = [{ type: 'say', node: 'tell', locale: 'fr', text: 'Votre code PUK est 8 0 4 1 7 2 6 3.', redacted: 'Votre code PUK est ••••.' }, ...menu];

describe("a call turn's kept answer, with a data key", () => {
  it('is sealed when the turn said a sensitive value, and opens to what was said (not the masked copy)', () => {
    const kept = answerOf(vault, FLOW, 'voice:CA1', 'a', session, session, puk, undefined);
    expect(JSON.stringify(kept)).not.toContain('8 0 4 1');
    expect(kept?.sealed).toMatchObject({ alg: 'A256GCM' });
    expect(openAnswer(vault, 'voice:CA1', kept!)?.effects[0]).toEqual({ type: 'say', node: 'tell', locale: 'fr', text: 'Votre code PUK est 8 0 4 1 7 2 6 3.' });
  });

  it('is kept in clear when the turn said none (a menu): no cipher on that turn', () => {
    const kept = answerOf(vault, FLOW, 'voice:CA1', 'a', session, session, menu, undefined);
    expect(kept?.sealed).toEqual({ clear: { value: { effects: menu } } });
  });

  it('of a turn that ended the call: kept in clear (marked `ends`) for a goodbye that says no secret, not at all for one that says a PUK', () => {
    const ended = { turns: 0, status: 'ended' } as unknown as Session;
    const goodbye: Effect[] = [
      { type: 'say', node: 'closed', locale: 'fr', text: 'Nos bureaux sont fermés. Au revoir.' },
      { type: 'end', node: 'bye', reason: 'closed' },
    ];
    expect(answerOf(vault, FLOW, 'voice:CA1', 'a', ended, ended, goodbye, undefined)).toMatchObject({ turn: 0, ends: true, sealed: { clear: { value: { effects: goodbye } } } });
    // Kept with the ended session until its purge, it would hold the PUK (sealed) at rest once the contact ended.
    expect(answerOf(vault, FLOW, 'voice:CA1', 'a', ended, ended, [puk[0]!, goodbye[1]!], undefined)).toBeUndefined();
  });

  it('of a turn that ended the call saying a value a placeholder rendered (a balance): sealed, not in clear; not kept at all without a data key', () => {
    const ended = { turns: 0, status: 'ended' } as unknown as Session;
    const balance: Effect[] = [
      { type: 'say', node: 'balance', locale: 'fr', text: 'Votre crédit est de 1500 francs CFA.' },
      { type: 'end', node: 'bye', reason: 'closed' },
    ];
    const kept = answerOf(vault, FLOW, 'voice:CA1', 'a', ended, ended, balance, undefined);
    expect(kept).toMatchObject({ turn: 0, ends: true, sealed: { alg: 'A256GCM' } });
    expect(JSON.stringify(kept)).not.toContain('1500');
    expect(openAnswer(vault, 'voice:CA1', kept!)?.effects).toEqual(balance);
    const clearVault = new SessionVault(undefined, captureLogs().logger);
    expect(answerOf(clearVault, FLOW, 'voice:CA1', 'a', ended, ended, balance, undefined)).toBeUndefined();
    // The static goodbye stays in clear, with or without a key (no cipher).
    const goodbye: Effect[] = [{ type: 'say', node: 'closed', locale: 'fr', text: 'Nos bureaux sont fermés. Au revoir.' }, balance[1]!];
    expect(answerOf(clearVault, FLOW, 'voice:CA1', 'a', ended, ended, goodbye, undefined)?.sealed).toEqual({ clear: { value: { effects: goodbye } } });
    // A live call's first answer (dropped by its next save, or by the one that ends it) is unchanged: in clear.
    expect(answerOf(vault, FLOW, 'voice:CA1', 'a', session, session, [balance[0]!, ...menu], undefined)?.sealed).toHaveProperty('clear');
  });
  it('of a turn that ended the call saying a sensitive value through a plain copy lint could not see (a PUK look-up kept whole): not kept, sealed or not', () => {
    // The PUK line on a recognised number: a look-up fills the sensitive `puk`, a second one keeps its whole answer in a plain variable, and the goodbye says it from there.
    const pukLine = Flow.parse({
      schemaVersion: 2,
      id: 'puk-line',
      name: 'PUK line',
      locales: [{ code: 'fr', name: 'Français', tts: null, asr: null }],
      variables: [
        { name: 'puk', type: 'string', sensitive: true },
        { name: 'answer', type: 'json' },
      ],
      nodes: [
        { id: 'start', type: 'start' },
        { id: 'tell', type: 'message', prompt: { fr: { text: 'Votre code PUK est {{answer.puk}}. Au revoir.' } } },
        { id: 'bye', type: 'end', reason: 'served' },
      ],
      edges: [
        { id: 'e0', source: 'start', output: 'next', target: 'tell' },
        { id: 'e1', source: 'tell', output: 'next', target: 'bye' },
      ],
    });
    const ended = { turns: 0, status: 'ended', vars: { puk: '80417263', answer: { puk: '80417263' } } } as unknown as Session;
    // The interpreter masks `{{puk}}`, not a copy it cannot see: no `redacted` on this prompt.
    const said: Effect[] = [
      { type: 'say', node: 'tell', locale: 'fr', text: 'Votre code PUK est 80417263. Au revoir.' },
      { type: 'end', node: 'bye', reason: 'served' },
    ];
    // Kept with the ended session, it would hold the PUK at rest after the contact, which its variables no longer do (red29b).
    expect(answerOf(vault, pukLine, 'voice:CA1', 'a', ended, ended, said, undefined)).toBeUndefined();
    // A goodbye that does not say it is kept as before.
    const bye: Effect[] = [{ type: 'say', node: 'tell', locale: 'fr', text: 'Au revoir.' }, said[1]!];
    expect(answerOf(vault, pukLine, 'voice:CA1', 'a', ended, ended, bye, undefined)).toMatchObject({ ends: true });
  });
});
