import { Flow, type FlowInput } from '../src/schema/flow.ts';

/**
 * A large IVR tree like an operator's full catalogue, `size` nodes in all: a chain of menus,
 * each with two information messages and a third option leading one level deeper; prompts in
 * French and English with a template.
 */
export function generateLargeFlow(size = 1000): Flow {
  const nodes: FlowInput['nodes'] = [
    { id: 'start', type: 'start', position: { x: 0, y: 0 } },
    { id: 'bye', type: 'end', prompt: { fr: { text: 'Au revoir.' }, en: { text: 'Goodbye.' } }, position: { x: 600, y: 0 } },
  ];
  const edges: NonNullable<FlowInput['edges']> = [{ id: 'e-start', source: 'start', output: 'next', target: 'm0' }];
  const prompt = (i: number) => ({ fr: { text: `Message numéro ${i} pour {{caller.number}}.` }, en: { text: `Message number ${i}.` } });
  const menus = Math.ceil((size - 2) / 3);
  for (let i = 0; i < menus; i += 1) {
    const id = `m${i}`;
    const y = i * 200;
    nodes.push({
      id,
      type: 'menu',
      prompt: prompt(i),
      position: { x: 300, y },
      options: ['1', '2', '3'].map((key) => ({ id: `o${key}`, key, label: { fr: `Choix ${key}`, en: `Choice ${key}` }, synonyms: {} })),
    });
    for (const key of ['1', '2']) {
      const message = `m${i}-info${key}`;
      nodes.push({ id: message, type: 'message', prompt: prompt(i), position: { x: key === '1' ? 0 : 600, y: y + 100 } });
      edges.push({ id: `e-${id}-${key}`, source: id, output: `o${key}`, target: message });
      edges.push({ id: `e-${message}`, source: message, output: 'next', target: 'bye' });
    }
    edges.push({ id: `e-${id}-3`, source: id, output: 'o3', target: i + 1 < menus ? `m${i + 1}` : 'bye' });
    edges.push({ id: `e-${id}-noInput`, source: id, output: 'noInput', target: 'bye' });
    edges.push({ id: `e-${id}-noMatch`, source: id, output: 'noMatch', target: 'm0' });
  }
  return Flow.parse({
    schemaVersion: 2,
    id: 'large',
    name: 'Large',
    locales: [
      { code: 'fr', name: 'Français', tts: { vendor: 'google' } },
      { code: 'en', name: 'English', tts: { vendor: 'google' } },
    ],
    nodes,
    edges,
  });
}
