import { describe, expect, it } from 'vitest';
import type { Flow } from '@griot/flows';
import { testT } from '../i18n/testT.ts';
import { newNodeNaming } from './newNodeNaming.ts';

describe('newNodeNaming', () => {
  it('names a new node in French in the French designer, and numbers the next one', async () => {
    const t = await testT('fr');
    const doc = { nodes: [] as Flow['nodes'] };
    expect(newNodeNaming('http', doc, t)).toEqual({ id: 'appel_si', label: 'Appel au SI' });
    expect(newNodeNaming('language', doc, t)).toEqual({ id: 'langue', label: 'Choix de langue' });
    const taken = { nodes: [{ id: 'appel_si', type: 'http', label: 'Appel au SI' }] as unknown as Flow['nodes'] };
    expect(newNodeNaming('http', taken, t)).toEqual({ id: 'appel_si2', label: 'Appel au SI 2' });
  });
});
