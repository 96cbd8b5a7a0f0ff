import { Flow } from '@griot/flows';

export const CONFORMANCE_FLOW_ID = 'conformance';

/** The menu every channel must show, in the channel's own form. */
export const CONFORMANCE_MENU = [
  { id: 'puk', key: '1', label: 'Code PUK' },
  { id: 'agent', key: '2', label: 'Conseiller' },
  { id: 'terms', key: '3', label: 'Conditions' },
] as const;

/** The agent queue the handoff joins, and the context it carries. */
export const CONFORMANCE_QUEUE = 'conformance';
export const CONFORMANCE_TOPIC = 'vérification des canaux';

/** Ten numbered articles a paragraph, so a dropped or cut part shows. */
const articles = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => `Article ${from + i} : le service 1919 de Griot Telecom répond sans frais.`)
    .reduce<string[]>((paragraphs, sentence, i) => {
      if (i % 10 === 0) paragraphs.push(sentence);
      else paragraphs[paragraphs.length - 1] += ` ${sentence}`;
      return paragraphs;
    }, [])
    .join('\n\n');

/**
 * The terms, said by two message nodes in a row (a prompt holds 4,096 characters at most): one
 * text of 70 numbered articles, longer than any chat message allows (WhatsApp 4,096, Bot
 * Framework and web chat 4,000) and than many USSD screens.
 */
export const CONFORMANCE_TERMS = [articles(1, 40), articles(41, 30)] as const;

/**
 * The flow the channel conformance suite runs on every channel: a menu written with SSML for
 * voice, a PUK look-up by line number against the operator's backend (channel-neutral: the
 * number is typed, not taken from the channel), a handoff with context, and an over-long text.
 */
export function conformanceFlow(): Flow {
  const fr = (text: string) => ({ fr: { text } });
  return Flow.parse({
    schemaVersion: 2,
    id: CONFORMANCE_FLOW_ID,
    name: 'Channel conformance',
    locales: [{ code: 'fr', name: 'Français', tts: { vendor: 'google', language: 'fr-FR' }, asr: null }],
    variables: [
      { name: 'line', type: 'digits' },
      { name: 'puk', type: 'digits', sensitive: true },
      { name: 'topic', type: 'string' },
    ],
    nodes: [
      { id: 'start', type: 'start' },
      {
        id: 'main',
        type: 'menu',
        prompt: fr('<speak>Bienvenue sur le 1919 &amp; merci.<break time="300ms"/> Pour votre code PUK, tapez 1. Pour un conseiller, tapez 2. Pour les conditions, tapez 3.</speak>'),
        options: CONFORMANCE_MENU.map((o) => ({ id: o.id, key: o.key, label: { fr: o.label } })),
      },
      {
        id: 'askLine',
        type: 'input',
        kind: 'digits',
        variable: 'line',
        prompt: fr('Tapez votre numéro de ligne, suivi de dièse.'),
        validation: { minLength: 8, maxLength: 12 },
      },
      {
        id: 'lookup',
        type: 'http',
        method: 'GET',
        backend: 'operator',
        url: '/subscribers/{{line}}',
        headers: { Authorization: 'Bearer {{secret.OPERATOR_API_TOKEN}}' },
        timeoutMs: 4000,
        notFoundStatuses: [404],
        responseMapping: [{ variable: 'puk', path: '$.puk' }],
      },
      { id: 'readPuk', type: 'message', prompt: fr('Votre code PUK est {{puk}}.') },
      { id: 'unknown', type: 'message', prompt: fr('Ce numéro de ligne est inconnu.') },
      { id: 'down', type: 'message', prompt: fr('Le service est indisponible.') },
      { id: 'setTopic', type: 'set', assignments: [{ variable: 'topic', value: CONFORMANCE_TOPIC }] },
      { id: 'handoff', type: 'handoff', queue: CONFORMANCE_QUEUE, reason: 'Conformité des canaux', context: ['topic'], prompt: fr('Je vous passe un conseiller.') },
      { id: 'terms', type: 'message', prompt: fr(CONFORMANCE_TERMS[0]) },
      { id: 'termsMore', type: 'message', prompt: fr(CONFORMANCE_TERMS[1]) },
      { id: 'bye', type: 'end', reason: 'served', prompt: fr('Au revoir.') },
    ],
    edges: [
      { id: 'e_start', source: 'start', output: 'next', target: 'main' },
      { id: 'e_puk', source: 'main', output: 'puk', target: 'askLine' },
      { id: 'e_agent', source: 'main', output: 'agent', target: 'setTopic' },
      { id: 'e_terms', source: 'main', output: 'terms', target: 'terms' },
      { id: 'e_noInput', source: 'main', output: 'noInput', target: 'bye' },
      { id: 'e_noMatch', source: 'main', output: 'noMatch', target: 'setTopic' },
      { id: 'e_line', source: 'askLine', output: 'ok', target: 'lookup' },
      { id: 'e_lineNoInput', source: 'askLine', output: 'noInput', target: 'main' },
      { id: 'e_lineInvalid', source: 'askLine', output: 'invalid', target: 'main' },
      { id: 'e_ok', source: 'lookup', output: 'ok', target: 'readPuk' },
      { id: 'e_notFound', source: 'lookup', output: 'notFound', target: 'unknown' },
      { id: 'e_error', source: 'lookup', output: 'error', target: 'down' },
      { id: 'e_timeout', source: 'lookup', output: 'timeout', target: 'down' },
      { id: 'e_readPuk', source: 'readPuk', output: 'next', target: 'main' },
      { id: 'e_unknown', source: 'unknown', output: 'next', target: 'main' },
      { id: 'e_down', source: 'down', output: 'next', target: 'main' },
      { id: 'e_topic', source: 'setTopic', output: 'next', target: 'handoff' },
      { id: 'e_done', source: 'handoff', output: 'done', target: 'bye' },
      { id: 'e_unavailable', source: 'handoff', output: 'unavailable', target: 'bye' },
      { id: 'e_callback', source: 'handoff', output: 'callback', target: 'bye' },
      { id: 'e_terms_more', source: 'terms', output: 'next', target: 'termsMore' },
      { id: 'e_terms_back', source: 'termsMore', output: 'next', target: 'main' },
    ],
    settings: { mainMenuNode: 'main', agentNode: 'setTopic', keywords: { mainMenu: { fr: ['menu'] }, agent: { fr: ['conseiller'] } } },
  });
}
