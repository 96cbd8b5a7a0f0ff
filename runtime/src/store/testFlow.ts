import { Flow } from '@griot/flows';

/**
 * The smallest valid flow (start → end), parsed so defaults are filled in: what the store
 * tests save, version and read back. `name` varies it so two documents differ.
 */
export function testFlow(id = 'hello', name = 'Hello'): Flow {
  return Flow.parse({
    schemaVersion: 2,
    id,
    name,
    locales: [{ code: 'fr', name: 'Français', tts: null, asr: null }],
    nodes: [
      { id: 'start', type: 'start' },
      { id: 'end', type: 'end', prompt: { fr: { text: 'Au revoir.' } }, reason: 'done' },
    ],
    edges: [{ id: 'e1', source: 'start', output: 'next', target: 'end' }],
    variables: [],
    tests: [],
  });
}
