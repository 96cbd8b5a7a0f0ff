import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Flow } from '@griot/flows';
import { FlowPort } from './testing/flowPort.ts';
import { startVoiceTestServer, type VoiceTestServer } from './testing/voiceTestServer.ts';
import { httpLink, wsLink, type JambonzLink } from './testing/jambonzLinks.ts';
import { SimulatedCall } from './testing/simulatedCall.ts';
import { assertJambonzAccepts } from './testing/jambonzOracles.ts';

/**
 * A menu keyed 1, `*` (back) and `#` (main menu), and behind 1 an account number ended by `#`:
 * on the phone, `*` and `#` choose their options, and `#` still ends the number.
 */
const say = (text: string) => ({ fr: { text } });
const flow = Flow.parse({
  schemaVersion: 2,
  id: 'menu-keys',
  name: 'Menu keys',
  locales: [{ code: 'fr', name: 'Français', tts: { vendor: 'google', language: 'fr-FR' }, asr: null }],
  variables: [{ name: 'account', type: 'digits' }],
  nodes: [
    { id: 'start', type: 'start' },
    {
      id: 'menu',
      type: 'menu',
      prompt: say('Tapez 1 pour votre solde, étoile pour revenir, dièse pour le menu principal.'),
      options: [
        { id: 'balance', key: '1', label: { fr: 'Solde' } },
        { id: 'back', key: '*', label: { fr: 'Retour' } },
        { id: 'home', key: '#', label: { fr: 'Menu principal' } },
      ],
    },
    { id: 'account', type: 'input', kind: 'digits', variable: 'account', prompt: say('Tapez votre numéro de compte suivi de dièse.'), validation: { minLength: 4, maxLength: 8 } },
    { id: 'balanceSaid', type: 'end', prompt: say('Le compte {{account | spell}} a 1 500 FCFA.'), reason: 'served' },
    { id: 'backSaid', type: 'end', prompt: say('Vous revenez en arrière.'), reason: 'served' },
    { id: 'homeSaid', type: 'end', prompt: say('Menu principal.'), reason: 'served' },
    { id: 'bye', type: 'end', prompt: say('Au revoir.'), reason: 'served' },
  ],
  edges: [
    { id: 'e1', source: 'start', output: 'next', target: 'menu' },
    { id: 'e2', source: 'menu', output: 'balance', target: 'account' },
    { id: 'e3', source: 'menu', output: 'back', target: 'backSaid' },
    { id: 'e4', source: 'menu', output: 'home', target: 'homeSaid' },
    { id: 'e5', source: 'menu', output: 'noInput', target: 'bye' },
    { id: 'e6', source: 'menu', output: 'noMatch', target: 'bye' },
    { id: 'e7', source: 'account', output: 'ok', target: 'balanceSaid' },
    { id: 'e8', source: 'account', output: 'noInput', target: 'bye' },
    { id: 'e9', source: 'account', output: 'invalid', target: 'bye' },
  ],
});
const SECRET = 'menu-keys-webhook-secret';
const WS_AUTH = { username: 'jambonz-app', password: 'menu-keys-ws-password' };
let server: VoiceTestServer;
let sid = 0;

beforeAll(async () => {
  const port = new FlowPort({ flow, bindings: [{ id: 'b', flowId: flow.id, address: '1919', settings: {} }] });
  server = await startVoiceTestServer({ conversations: port, bindings: port, webhookSecret: SECRET, wsAuth: WS_AUTH });
});
afterAll(() => server.close());

describe.each(['http', 'ws'] as const)('menu keys * and # over %s', (transport) => {
  const call = async () => {
    const link: JambonzLink = transport === 'http' ? httpLink(server.url, { secret: SECRET }) : await wsLink(server.wsUrl, { auth: WS_AUTH });
    const c = new SimulatedCall(link, { callSid: `CA-keys-${transport}-${++sid}`, from: '+2290197000001', to: '1919' });
    return c.start();
  };
  const heardAfter = async (...presses: string[]) => {
    const c = await call();
    expect(c.waitingOn).toMatchObject({ verb: 'gather', numDigits: 1 });
    expect(c.waitingOn?.finishOnKey).toBeUndefined();
    const mark = c.heard.length;
    for (const keys of presses) await c.press(keys);
    c.received.forEach((verbs, i) => assertJambonzAccepts(verbs, `answer ${i}`));
    c.close();
    return c.heardSince(mark);
  };

  it('chooses the option keyed # when the caller presses #', async () => {
    expect(await heardAfter('#')).toBe('Menu principal.');
  });

  it('chooses the option keyed * when the caller presses *', async () => {
    expect(await heardAfter('*')).toBe('Vous revenez en arrière.');
  });

  it('still ends a multi-digit entry with #, which is not part of the number', async () => {
    expect(await heardAfter('1', '4321#')).toContain('Le compte 4, 3, 2, 1 a 1 500 FCFA.');
  });
});
