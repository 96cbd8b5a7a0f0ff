import { Flow } from '@griot/flows';

const p = (fr: string, en: string, fon: string) => ({ fr: { text: fr }, en: { text: en }, fon: { audio: `fon/${fon}.wav` } });

/**
 * A flow with every node type and every voice feature: a language menu across a TTS locale with
 * recognition (fr), one with TTS and recognition by keypad only (en) and one with recorded audio
 * (fon); a menu with synonyms; digit input; a slow look-up with a wait prompt; SSML; a condition,
 * a set and a goto; a handoff with a priority rule; ends with and without a prompt.
 */
export function voiceTestFlow(): Flow {
  return Flow.parse({
    schemaVersion: 2,
    id: 'voice-test',
    name: 'Voice test',
    locales: [
      { code: 'fr', name: 'Français', tts: { vendor: 'google', voice: 'fr-FR-Wavenet-A', language: 'fr-FR' }, asr: { vendor: 'google', language: 'fr-FR' } },
      { code: 'en', name: 'English', tts: { vendor: 'google', language: 'en-GB' }, asr: null },
      { code: 'fon', name: 'Fon', tts: null, asr: null },
    ],
    variables: [
      { name: 'puk', type: 'digits', sensitive: true },
      { name: 'segment', type: 'string', persist: true },
      { name: 'account', type: 'digits' },
      { name: 'visits', type: 'number', default: 0 },
    ],
    nodes: [
      { id: 'start', type: 'start' },
      {
        id: 'language',
        type: 'language',
        prompt: p('Pour le français, tapez 1.', 'For English, press 2.', 'lang'),
        options: [
          { locale: 'fr', key: '1' },
          { locale: 'en', key: '2' },
          { locale: 'fon', key: '3' },
        ],
      },
      { id: 'count', type: 'set', assignments: [{ variable: 'visits', expression: 'visits + 1' }] },
      {
        id: 'menu',
        type: 'menu',
        prompt: p('Tapez 1 pour votre code PUK, 2 pour votre solde, 3 pour un conseiller.', 'Press 1 for your PUK code, 2 for your balance, 3 for an agent.', 'menu'),
        noMatchPrompt: p('Choix invalide.', 'Invalid choice.', 'invalid'),
        noInputPrompt: p("Je n'ai rien entendu.", 'I did not hear anything.', 'silence'),
        options: [
          { id: 'puk', key: '1', label: { fr: 'Code PUK', en: 'PUK code', fon: 'PUK' }, synonyms: { fr: ['puk', 'code bloqué'], en: ['puk'] } },
          { id: 'balance', key: '2', label: { fr: 'Solde', en: 'Balance', fon: 'Solde' }, synonyms: { fr: ['solde', 'crédit'] } },
          { id: 'agent', key: '3', label: { fr: 'Conseiller', en: 'Agent', fon: 'Agent' }, synonyms: { fr: ['conseiller', 'agent'] } },
        ],
      },
      {
        id: 'lookup',
        type: 'http',
        backend: 'operator',
        url: '/subscribers/{{caller.number}}',
        timeoutMs: 6000,
        responseMapping: [
          { variable: 'puk', path: '$.puk' },
          { variable: 'segment', path: '$.segment' },
        ],
        waitPrompt: p('Un instant, je cherche votre code.', 'One moment please.', 'wait'),
      },
      { id: 'vip', type: 'condition', branches: [{ id: 'isVip', rules: [{ variable: 'segment', operator: 'eq', value: 'vip' }] }] },
      { id: 'vipHello', type: 'message', prompt: p('<emphasis>Merci</emphasis> de votre fidélité.', 'Thank you for your loyalty.', 'vip') },
      { id: 'readPuk', type: 'message', prompt: p('Votre code PUK est <break time="300ms"/> {{puk | spell}}.', 'Your PUK code is {{puk | spell}}.', 'puk') },
      {
        id: 'account',
        type: 'input',
        kind: 'digits',
        variable: 'account',
        prompt: p('Tapez votre numéro de compte suivi de dièse.', 'Enter your account number then hash.', 'account'),
        validation: { minLength: 4, maxLength: 8 },
      },
      { id: 'balance', type: 'message', prompt: p('Le compte {{account | spell}} a un solde de 1 500 FCFA.', 'Account {{account | spell}} has 1,500 FCFA.', 'balance') },
      { id: 'back', type: 'goto', target: 'menu' },
      {
        id: 'handoff',
        type: 'handoff',
        queue: 'support-{{caller.locale}}',
        reason: 'Assistance {{caller.locale}}',
        priorityRules: [{ expression: 'segment == "vip"', priority: 1 }],
        context: ['segment', 'puk'],
        prompt: p('Je vous passe un conseiller.', 'Transferring you to an agent.', 'transfer'),
      },
      { id: 'bye', type: 'end', prompt: p('Au revoir.', 'Goodbye.', 'bye'), reason: 'served' },
      { id: 'sorry', type: 'end', prompt: p('Service indisponible.', 'Service unavailable.', 'sorry'), reason: 'backendDown' },
      { id: 'quiet', type: 'end' },
    ],
    edges: [
      { id: 'e1', source: 'start', output: 'next', target: 'language' },
      { id: 'e2', source: 'language', output: 'next', target: 'count' },
      { id: 'e3', source: 'count', output: 'next', target: 'menu' },
      { id: 'e4', source: 'menu', output: 'puk', target: 'lookup' },
      { id: 'e5', source: 'menu', output: 'balance', target: 'account' },
      { id: 'e6', source: 'menu', output: 'agent', target: 'handoff' },
      { id: 'e7', source: 'menu', output: 'noInput', target: 'quiet' },
      { id: 'e8', source: 'menu', output: 'noMatch', target: 'handoff' },
      { id: 'e9', source: 'lookup', output: 'ok', target: 'vip' },
      { id: 'e10', source: 'lookup', output: 'notFound', target: 'sorry' },
      { id: 'e11', source: 'lookup', output: 'error', target: 'sorry' },
      { id: 'e12', source: 'lookup', output: 'timeout', target: 'sorry' },
      { id: 'e13', source: 'vip', output: 'isVip', target: 'vipHello' },
      { id: 'e14', source: 'vip', output: 'else', target: 'readPuk' },
      { id: 'e15', source: 'vipHello', output: 'next', target: 'readPuk' },
      { id: 'e16', source: 'readPuk', output: 'next', target: 'bye' },
      { id: 'e17', source: 'account', output: 'ok', target: 'balance' },
      { id: 'e18', source: 'account', output: 'noInput', target: 'bye' },
      { id: 'e19', source: 'account', output: 'invalid', target: 'bye' },
      { id: 'e20', source: 'balance', output: 'next', target: 'back' },
      { id: 'e21', source: 'handoff', output: 'done', target: 'bye' },
      { id: 'e22', source: 'handoff', output: 'unavailable', target: 'sorry' },
      { id: 'e23', source: 'handoff', output: 'callback', target: 'bye' },
    ],
    settings: { mainMenuNode: 'menu', agentNode: 'handoff', keywords: { mainMenu: { fr: ['menu'] }, agent: { fr: ['conseiller'] } } },
    tests: voiceTestCases(),
  });
}

const ok = (segment: string) => ({ lookup: { status: 200, body: { puk: '12345678', segment } } });

/** Scripted calls that take every edge of the test flow. */
function voiceTestCases() {
  return [
    {
      name: 'VIP PUK in French',
      fixtures: ok('vip'),
      steps: [{ input: { digits: '1' } }, { input: { digits: '1' }, expect: { promptContains: ['fidélité', '1, 2, 3, 4, 5, 6, 7, 8'], ended: true } }],
    },
    {
      name: 'PUK in English by a known caller',
      caller: { number: '+2290197000010', knownLocale: 'en' },
      fixtures: ok('regular'),
      steps: [{ input: { digits: '1' }, expect: { promptContains: 'Your PUK code is', ended: true } }],
    },
    { name: 'PUK by speech', fixtures: ok('regular'), steps: [{ input: { digits: '1' } }, { input: { speech: 'code bloqué', confidence: 0.8 }, expect: { ended: true } }] },
    {
      name: 'unknown subscriber',
      fixtures: { lookup: { status: 404 } },
      steps: [{ input: { digits: '1' } }, { input: { digits: '1' }, expect: { promptContains: 'Service indisponible', at: 'sorry' } }],
    },
    { name: 'look-up error', fixtures: { lookup: { error: 'ECONNRESET' } }, steps: [{ input: { digits: '1' } }, { input: { digits: '1' }, expect: { at: 'sorry' } }] },
    { name: 'look-up timeout', fixtures: { lookup: { timeout: true } }, steps: [{ input: { digits: '1' } }, { input: { digits: '1' }, expect: { at: 'sorry' } }] },
    {
      name: 'balance then back to the menu, then silence',
      steps: [
        { input: { digits: '1' } },
        { input: { digits: '2' } },
        { input: { digits: '4321#' }, expect: { promptContains: 'solde', at: 'menu' } },
        { input: { silence: true } },
        { input: { silence: true } },
        { input: { silence: true }, expect: { at: 'quiet', ended: true } },
      ],
    },
    {
      name: 'balance with a wrong account number',
      steps: [{ input: { digits: '1' } }, { input: { digits: '2' } }, { input: { digits: '12#' } }, { input: { digits: '12#' } }, { input: { digits: '12#' }, expect: { at: 'bye' } }],
    },
    {
      name: 'balance without an answer',
      steps: [{ input: { digits: '1' } }, { input: { digits: '2' } }, { input: { silence: true } }, { input: { silence: true } }, { input: { silence: true }, expect: { at: 'bye' } }],
    },
    { name: 'agent, served', steps: [{ input: { digits: '1' } }, { input: { digits: '3' }, expect: { handoff: { queue: 'support-fr' } } }, { input: { handoff: 'done' }, expect: { at: 'bye' } }] },
    { name: 'agent, none free', steps: [{ input: { digits: '1' } }, { input: { digits: '3' } }, { input: { handoff: 'unavailable' }, expect: { at: 'sorry' } }] },
    { name: 'agent, call back', steps: [{ input: { digits: '1' } }, { input: { digits: '3' } }, { input: { handoff: 'callback' }, expect: { at: 'bye' } }] },
    { name: 'three wrong keys reach an agent', steps: [{ input: { digits: '1' } }, { input: { digits: '9' } }, { input: { digits: '9' } }, { input: { digits: '9' }, expect: { at: 'handoff' } }] },
    {
      name: 'Fon with recordings',
      steps: [
        { input: { digits: '3' }, expect: { locale: 'fon', at: 'menu' } },
        { input: { digits: '3' }, expect: { at: 'handoff' } },
      ],
    },
  ];
}
