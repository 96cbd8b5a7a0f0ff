import { Flow, runTests } from '@griot/flows';

export { runTests };

/** A menu that loops on option 1 and ends on option 2: enough to replay simulator sessions. */
export function sampleFlowForDesignerTests(): Flow {
  return Flow.parse({
    schemaVersion: 2,
    id: 'designer-test',
    name: 'Designer test',
    locales: [{ code: 'fr', name: 'Français', tts: { vendor: 'google' } }],
    nodes: [
      { id: 'start', type: 'start' },
      {
        id: 'menu',
        type: 'menu',
        prompt: { fr: { text: 'Tapez 1 pour réécouter, 2 pour finir.' } },
        maxRetries: 3,
        options: [
          { id: 'o1', key: '1', label: { fr: 'Réécouter' } },
          { id: 'o2', key: '2', label: { fr: 'Finir' } },
        ],
      },
      { id: 'again', type: 'message', prompt: { fr: { text: 'Encore.' } } },
      { id: 'bye', type: 'end', prompt: { fr: { text: 'Au revoir.' } } },
    ],
    edges: [
      { id: 'e1', source: 'start', output: 'next', target: 'menu' },
      { id: 'e2', source: 'menu', output: 'o1', target: 'again' },
      { id: 'e3', source: 'again', output: 'next', target: 'menu' },
      { id: 'e4', source: 'menu', output: 'o2', target: 'bye' },
      { id: 'e5', source: 'menu', output: 'noInput', target: 'bye' },
      { id: 'e6', source: 'menu', output: 'noMatch', target: 'bye' },
    ],
  });
}

/** Asks the operator's system for the caller's PUK code (sensitive) and reads it out. */
export function lookupFlowForDesignerTests(): Flow {
  return Flow.parse({
    schemaVersion: 2,
    id: 'designer-lookup',
    name: 'Designer look-up',
    locales: [{ code: 'fr', name: 'Français', tts: { vendor: 'google' } }],
    // The segment is not account data, as the author says (a look-up's answer is sensitive by default).
    variables: [
      { name: 'puk', type: 'digits', sensitive: true },
      { name: 'segment', keptInClear: true },
    ],
    nodes: [
      { id: 'start', type: 'start' },
      { id: 'menu', type: 'menu', prompt: { fr: { text: 'Tapez 1 pour votre code PUK.' } }, options: [{ id: 'puk', key: '1', label: { fr: 'PUK' } }] },
      {
        id: 'http',
        type: 'http',
        backend: 'operator',
        url: '/subscribers/{{caller.number}}',
        responseMapping: [
          { variable: 'puk', path: '$.puk' },
          { variable: 'segment', path: '$.segment' },
        ],
      },
      { id: 'readPuk', type: 'message', prompt: { fr: { text: 'Votre code PUK est {{puk | spell}}.' } } },
      { id: 'bye', type: 'end', prompt: { fr: { text: 'Au revoir.' } } },
      { id: 'sorry', type: 'end', prompt: { fr: { text: 'Service indisponible.' } } },
    ],
    edges: [
      { id: 'e1', source: 'start', output: 'next', target: 'menu' },
      { id: 'e2', source: 'menu', output: 'puk', target: 'http' },
      { id: 'e3', source: 'menu', output: 'noInput', target: 'bye' },
      { id: 'e4', source: 'menu', output: 'noMatch', target: 'bye' },
      { id: 'e5', source: 'http', output: 'ok', target: 'readPuk' },
      { id: 'e6', source: 'http', output: 'notFound', target: 'sorry' },
      { id: 'e7', source: 'http', output: 'error', target: 'sorry' },
      { id: 'e8', source: 'http', output: 'timeout', target: 'sorry' },
      { id: 'e9', source: 'readPuk', output: 'next', target: 'bye' },
    ],
  });
}
