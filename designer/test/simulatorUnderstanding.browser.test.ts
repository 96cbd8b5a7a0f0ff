import { describe, expect, it } from 'vitest';
import { chromiumMissing } from './support/browser.ts';
import { draftScenario, fr, whatsAppSimulator } from './support/draftSimulator.ts';

const missing = chromiumMissing();

const FLOW = 'bot-intentions';
/** A WhatsApp bot that asks what the subscriber wants, in their own words. */
const DOCUMENT = {
  schemaVersion: 2,
  id: FLOW,
  name: 'Bot intentions',
  locales: [{ code: 'fr', name: 'Français' }],
  nodes: [
    { id: 'start', type: 'start', position: { x: 0, y: 0 } },
    {
      id: 'ask',
      type: 'intent',
      position: { x: 150, y: 0 },
      prompt: fr('Que voulez-vous faire ?'),
      noMatchPrompt: fr('Je n’ai pas compris.'),
      intents: [
        { id: 'agent', label: { fr: 'Conseiller' }, description: 'parler à une personne', examples: { fr: ['parler à un conseiller', 'un conseiller'] } },
        { id: 'balance', label: { fr: 'Solde' }, description: 'le solde', examples: { fr: ['mon solde', 'mon crédit'] } },
      ],
    },
    { id: 'bye', type: 'end', position: { x: 400, y: 0 }, reason: 'completed' },
  ],
  edges: ['agent', 'balance', 'noInput', 'noMatch']
    .map((output) => ({ id: `e-${output}`, source: 'ask', output, target: 'bye' }))
    .concat([{ id: 'e0', source: 'start', output: 'next', target: 'ask' }]),
  settings: {},
  tests: [],
};

/**
 * Daily review 19: « je ve parlé a 1 humain » got « Je n'ai pas compris » in the simulator, and
 * nothing said what was understood. The simulator now shows the closest intent, its confidence
 * against the threshold, and that no model is configured so the examples answered.
 */
describe.skipIf(missing !== null)('what the simulator understood of free words', () => {
  const scenario = draftScenario(DOCUMENT);

  it('says which intent came closest, against the threshold, and that no model answered', async () => {
    const { panel, write } = await whatsAppSimulator(scenario, 'edith', FLOW, 'ask');
    await write('je ve parlé a 1 humain');
    const understood = panel.locator('[data-understanding] [data-understood-node="ask"]');
    await understood.waitFor();
    const said = await understood.innerText();
    expect(said).toContain('aucun modèle configuré : la correspondance avec les exemples a répondu');
    expect(await understood.getAttribute('data-understood-source')).toBe('fallback');
    // The closest intent with its confidence and the threshold, or that none came near.
    expect(said).toMatch(/« Conseiller » à \d+ % \(seuil \d+ %\)|Aucune intention proche/);
  });
});
