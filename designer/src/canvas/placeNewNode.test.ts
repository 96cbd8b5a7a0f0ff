import { describe, expect, it } from 'vitest';
import { Flow } from '@griot/flows';
import { freeOutputToConnect, linkNewNode } from './placeNewNode.ts';

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

describe('a node added next to one whose outputs are all taken goes between it and its successor', () => {
  const newMenu = flow.nodes.find((n) => n.id === 'mainMenu');
  const newEnd = flow.nodes.find((n) => n.id === 'bye');
  it('after Accueil (one output, leading to the menu): between Accueil and the menu, continuing by its first output', () => {
    expect(linkNewNode(flow, 'start', newMenu!)).toEqual({ source: 'start', output: 'next', continueBy: 'o1' });
  });

  it('a free output is still preferred, and nothing is cut on a node with several outputs', () => {
    expect(linkNewNode(flow, 'mainMenu', newMenu!)).toEqual({ source: 'mainMenu', output: 'o2' });
    const full = { ...flow, edges: [...flow.edges, ...['o2', 'noInput', 'noMatch'].map((o) => ({ id: o, source: 'mainMenu', output: o, target: 'bye' }))] };
    expect(linkNewNode(full, 'mainMenu', newMenu!)).toBeUndefined();
    expect(linkNewNode(full, 'mainMenu', newMenu!, 'o1')).toEqual({ source: 'mainMenu', output: 'o1', continueBy: 'o1' });
  });

  it('a new node without outputs (an end) is not put in the middle of a path', () => {
    expect(linkNewNode(flow, 'start', newEnd!)).toBeUndefined();
  });
});
