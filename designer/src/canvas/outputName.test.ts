import { describe, expect, it } from 'vitest';
import type { FlowNode } from '@griot/flows';
import { testT } from '../i18n/testT.ts';
import { outputName } from './outputName.ts';

const menu = {
  id: 'mainMenu',
  type: 'menu',
  label: 'Menu principal',
  prompt: {},
  options: [{ id: 'puk', key: '3', label: { fr: 'Code PUK', en: 'PUK code' } }],
} as unknown as FlowNode;

describe('an output’s name on links read aloud and traffic labels', () => {
  it('says a menu option as the node card does, never its raw id, and a standard output by its French name', async () => {
    const t = await testT('fr');
    expect(outputName(menu, 'puk', t, 'fr', 'fr')).toBe('3 · Code PUK');
    expect(outputName(menu, 'noInput', t, 'fr', 'fr')).toBe('Pas de réponse');
    expect(outputName(undefined, 'next', t, 'fr', 'fr')).toBe('Suite');
  });
});
