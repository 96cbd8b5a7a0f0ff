import { describe, expect, it } from 'vitest';
import { lintFlow } from './lintFlow.ts';
import { sampleFlowInput } from '../fixtures/sampleFlow.ts';
import { Flow, type FlowInput } from '../schema/flow.ts';

type MenuInput = { prompt: Record<string, { text?: string; variants?: Record<string, { text?: string }> }>; options: Array<{ id: string; label: Record<string, string> }> };

/** The sample flow, its menu changed by `change`. */
function sampleWith(change: (menu: MenuInput) => void = () => {}): Flow {
  const input: FlowInput = sampleFlowInput();
  change(input.nodes.find((n) => n.id === 'menu') as unknown as MenuInput);
  return Flow.parse(input);
}
const oldLabels = (flow: Flow, previous: Flow) => lintFlow(flow, { previous }).filter((i) => i.code === 'menu.promptOldLabel');

/**
 * The daily review: an editor renamed option 2 of the main menu, and the spoken prompt kept
 * saying « 2 pour votre solde crédit et internet ». The checks compare the draft with the flow's
 * latest version and warn her, naming the prompt and the old words.
 */
describe('a menu prompt that still says an option’s old label', () => {
  const published = sampleWith((menu) => {
    menu.prompt.fr = { text: 'Tapez 1 pour votre code PUK, 2 pour votre solde crédit et internet.', variants: { whatsapp: { text: 'Code PUK ou solde crédit et internet ?' } } };
    menu.options[1]!.label.fr = 'Solde crédit et internet';
  });

  it('warns in the language whose label changed, on the prompt and its variant that still say it', () => {
    const draft = sampleWith((menu) => {
      // The same prompt as published: only the label changed.
      menu.prompt.fr = { text: 'Tapez 1 pour votre code PUK, 2 pour votre solde crédit et internet.', variants: { whatsapp: { text: 'Code PUK ou solde crédit et internet ?' } } };
      menu.options[1]!.label.fr = 'Forfaits';
    });
    const issues = oldLabels(draft, published);
    expect(issues).toEqual([
      expect.objectContaining({
        severity: 'warning',
        node: 'menu',
        field: 'prompt.fr',
        params: { locale: 'FR', prompt: 'prompt', option: '2', old: 'Solde crédit et internet', label: 'Forfaits' },
      }),
      expect.objectContaining({ node: 'menu', field: 'prompt.fr.variants.whatsapp' }),
    ]);
    expect(issues[0]!.message).toBe('the fr prompt of menu still says "Solde crédit et internet", the earlier label of option 2 (now "Forfaits"): update its words');
  });

  it('says nothing once the prompt says the new label, when the label did not change, or without the latest version', () => {
    const updated = sampleWith((menu) => {
      menu.prompt.fr = { text: 'Tapez 1 pour votre code PUK, 2 pour vos forfaits.' };
      menu.options[1]!.label.fr = 'Forfaits';
    });
    expect(oldLabels(updated, published)).toEqual([]);
    expect(oldLabels(published, published)).toEqual([]);
    const renamed = sampleWith((menu) => {
      menu.prompt.fr = { text: 'Tapez 1 pour votre code PUK, 2 pour votre solde crédit et internet.' };
      menu.options[1]!.label.fr = 'Forfaits';
    });
    expect(lintFlow(renamed).filter((i) => i.code === 'menu.promptOldLabel')).toEqual([]);
    // The English label did not change: nothing in English.
    expect(oldLabels(renamed, published).map((i) => i.field)).toEqual(['prompt.fr']);
  });

  it('does not take a word inside a longer one for the old label', () => {
    const before = sampleWith((menu) => {
      menu.prompt.fr = { text: 'Tapez 1 pour votre code PUK, 2 pour les conseillers du service.' };
    });
    const after = sampleWith((menu) => {
      menu.prompt.fr = { text: 'Tapez 1 pour votre code PUK, 2 pour les conseillers du service.' };
      menu.options[1]!.label.fr = 'Agent';
    });
    // « Conseiller » → « Agent »: the prompt says « conseillers », another word.
    expect(oldLabels(after, before)).toEqual([]);
  });
});
