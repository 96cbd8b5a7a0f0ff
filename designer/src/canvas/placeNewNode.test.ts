import { describe, expect, it } from 'vitest';
import { Flow } from '@griot/flows';
import { freeOutputToConnect } from './placeNewNode.ts';

const flow = Flow.parse({
  schemaVersion: 2,
  id: 'menu',
  name: 'Menu',
  locales: [{ code: 'fr', name: 'Français', tts: { vendor: 'google' } }],
  nodes: [
    { id: 'start', type: 'start', position: { x: 0, y: 0 } },
    {
      id: 'mainMenu',
      type: 'menu',
      position: { x: 0, y: 150 },
      prompt: { fr: { text: 'Tapez 1 ou 2' } },
      options: [
        { id: 'o1', key: '1', label: { fr: 'Solde' } },
        { id: 'o2', key: '2', label: { fr: 'Conseiller' } },
      ],
    },
    { id: 'bye', type: 'end', position: { x: 0, y: 300 } },
  ],
  edges: [
    { id: 'e1', source: 'start', output: 'next', target: 'mainMenu' },
    { id: 'e2', source: 'mainMenu', output: 'o1', target: 'bye' },
  ],
});

describe('a node added next to another is connected to one of its free outputs', () => {
  it('takes the output an issue pointed at while it is free', () => {
    expect(freeOutputToConnect(flow, 'mainMenu', 'noMatch')).toBe('noMatch');
  });

  it('else the first free output: a connected one is never taken over', () => {
    expect(freeOutputToConnect(flow, 'mainMenu', 'o1')).toBe('o2');
    expect(freeOutputToConnect(flow, 'mainMenu')).toBe('o2');
  });

  it('none when every output is connected or the node has none', () => {
    expect(freeOutputToConnect(flow, 'start')).toBeUndefined();
    expect(freeOutputToConnect(flow, 'bye')).toBeUndefined();
  });
});
