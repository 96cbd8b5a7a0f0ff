import { describe, expect, it, vi } from 'vitest';
import { Flow, parseFlow } from '@griot/flows';
import { readFileSync } from 'node:fs';
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

describe('finding where a variable is used (daily 18)', () => {
  // The 1919 flow: an editor looks for every node that sets or reads a variable.
  const selfcare = parseFlow(JSON.parse(readFileSync(new URL('../../../flows/examples/1919-selfcare.json', import.meta.url), 'utf8')));
  if (!selfcare.ok) throw new Error('the 1919 example does not parse');
  const all = selfcare.flow.nodes.map((node) => ({ node, text: searchText(node) }));
  const found = (query: string) => rankNodes(all, query).map((e) => e.node.id);

  it('finds the nodes that set a variable, test it in a condition and pass it to an agent', () => {
    expect(found('subscriberFound')).toEqual(expect.arrayContaining(['setFound', 'setNotFound', 'checkSubscriber', 'handoff', 'handoffWhatsApp']));
  });

  it('finds a variable used only in expressions', () => {
    expect(found('txIndex')).toEqual(expect.arrayContaining(['momoStart', 'momoNextTx', 'momoPickTx']));
  });

  it('finds a look-up by the path it calls', () => {
    expect(found('/subscribers/')).toContain('lookupSubscriber');
  });

  it('finds a node by its id, not every node leading to it; says each prompt once (fix18b)', () => {
    expect(found('mainMenu')).toEqual(['mainMenu']);
    const welcome = selfcare.flow.nodes.find((n) => n.type === 'message' && n.prompt.fr?.text)!;
    const said = welcome.type === 'message' ? (welcome.prompt.fr?.text ?? '').toLowerCase() : '';
    expect(said).not.toBe('');
    expect(searchText(welcome).split(said)).toHaveLength(2);
  });
});

describe('rankNodes with nothing to rank', () => {
  it('folds no text while the search is closed (the editor’s open) or its query blank', () => {
    const normalize = vi.spyOn(String.prototype, 'normalize');
    try {
      expect(rankNodes([], '')).toEqual([]);
      const index = flow.nodes.map((node) => ({ node, text: searchText(node) }));
      expect(rankNodes(index, '  ').map((e) => e.node.id)).toEqual(flow.nodes.map((n) => n.id));
      // Before: the query folded (NFD, marks removed) even when empty.
      expect(normalize).not.toHaveBeenCalled();
    } finally {
      normalize.mockRestore();
    }
  });
});
