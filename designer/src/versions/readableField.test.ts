import { describe, expect, it } from 'vitest';
import { Flow, withRowIds } from '@griot/flows';
import example from '../../../flows/examples/1919-selfcare.json' with { type: 'json' };
import { testT } from '../i18n/testT.ts';
import { readableField } from './readableField.ts';

const flow = Flow.parse(example);
const mainMenu = flow.nodes.find((n) => n.id === 'mainMenu');

describe('field names as the inspector says them', () => {
  it('counts options from 1, by index or by id, and names prompts, locales and outputs', async () => {
    const t = await testT('fr');
    expect(readableField('options.4.label.fon', mainMenu, t)).toBe('Option 5 · Libellé · FON');
    expect(readableField('options.momo.key', mainMenu, t)).toBe('Option 3 · Touche');
    expect(readableField('prompt.fon.audio', mainMenu, t)).toBe('Message · FON · enregistrement');
    expect(readableField('outputs.puk', mainMenu, t)).toBe('Sortie « Option 1 »');
    expect(readableField('outputs.noInput', mainMenu, t)).not.toContain('noInput');
    const en = await testT('en');
    expect(readableField('noMatchPrompt.en.text', mainMenu, en)).toBe(`${en('fields.noMatchPrompt')} · EN · text`);
  });

  it('names the flow settings that name a node as the flow panel does', async () => {
    const t = await testT('fr');
    expect(readableField('settings.agentNode', undefined, t)).toBe('Réglages · Nœud du conseiller (mot-clé « conseiller »)');
    expect(readableField('settings.mainMenuNode', undefined, t)).toBe('Réglages · Menu principal (mot-clé « menu »)');
  });

  it('names a slot and an answer mapping by their variable, whether the path gives their id or their place', async () => {
    const t = await testT('fr');
    const lookup = withRowIds(flow).nodes.find((n) => n.id === 'lookupSubscriber');
    const row = lookup?.type === 'http' ? lookup.responseMapping[1] : undefined;
    const second = row?.variable;
    expect(readableField(`responseMapping.${row?.id}.path`, lookup, t)).toBe(`Réponse → ${second} · chemin JSON`);
    expect(readableField('responseMapping.1', lookup, t)).toBe(`Réponse → ${second}`);
    expect(readableField('slots.s-0a1b2c3d.kind', lookup, t)).toBe('Informations à extraire · s-0a1b2c3d · type');
  });
});
