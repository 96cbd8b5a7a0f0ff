import { describe, expect, it } from 'vitest';
import { Flow } from '@griot/flows';
import { rankNodes, searchText } from './rankNodes.ts';

const flow = Flow.parse({
  schemaVersion: 2,
  id: 'f',
  name: 'f',
  locales: [{ code: 'fr', name: 'Français', tts: { vendor: 'google' } }],
  nodes: [
    { id: 'start', type: 'start' },
    { id: 'welcome', type: 'message', label: 'Bienvenue', prompt: { fr: { text: 'Bienvenue au menu du 1919.' } } },
    { id: 'mainMenuIntro', type: 'message', label: 'Avant le menu principal', prompt: { fr: { text: 'Voici le menu.' } } },
    { id: 'subMenu', type: 'menu', label: 'Sous-menu', prompt: { fr: { text: 'Choisissez.' } }, options: [{ id: 'a', key: '1', label: { fr: 'A' } }] },
    { id: 'menu', type: 'menu', label: 'Menu', prompt: { fr: { text: 'Tapez 1.' } }, options: [{ id: 'b', key: '1', label: { fr: 'B' } }] },
    { id: 'pukMenu', type: 'menu', label: 'Menu PUK', prompt: { fr: { text: 'Répéter ?' } }, options: [{ id: 'c', key: '1', label: { fr: 'C' } }] },
  ],
});
const index = flow.nodes.map((node) => ({ node, text: searchText(node) }));
const ids = (query: string) => rankNodes(index, query).map((e) => e.node.id);

describe('finding a node', () => {
  it('puts the node named exactly as typed first, then names that start with it, then the rest', () => {
    const found = ids('menu');
    expect(found[0]).toBe('menu');
    expect(found[1]).toBe('pukMenu');
    expect(found).toContain('welcome');
    expect(found.indexOf('welcome')).toBeGreaterThan(found.indexOf('subMenu'));
  });

  it('ignores accents and case, and needs every word', () => {
    expect(ids('REPETER')).toEqual(['pukMenu']);
    expect(ids('menu puk')).toEqual(['pukMenu']);
    expect(ids('sous-menu')[0]).toBe('subMenu');
  });
});
