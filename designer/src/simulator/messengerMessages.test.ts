import { describe, expect, it } from 'vitest';
import { channelCapabilities, renderReplies, type AskOption, type Effect } from '@griot/flows';
// Test only: what the Messenger connector puts on the wire, to hold the simulator to it.
import { toMessengerMessages } from '../../../connectors/src/messenger/toMessengerMessages.ts';
import { messengerMessages } from './messengerMessages.ts';

const options = (labels: string[]): AskOption[] => labels.map((label, i) => ({ id: `o${i + 1}`, key: String(i + 1), label, synonyms: [] }));
const ask = (labels: string[]): Effect => ({ type: 'ask', node: 'menu', kind: 'choice', locale: 'fr', options: options(labels), timeoutSeconds: 8, bargeIn: true, speech: false, hints: [], retry: 0 });
const say = (text: string, node = 'menu'): Effect => ({ type: 'say', node, locale: 'fr', text });

/** What Messenger shows for these effects, as the connector sends it: each message's text and its quick replies' titles. */
function wire(effects: Effect[]) {
  const { replies } = renderReplies(effects, { capabilities: channelCapabilities.messenger });
  return toMessengerMessages(replies).map((m) => ('text' in m ? { text: m.text, quick: m.quick_replies?.map((q) => q.title) ?? [] } : { text: '', quick: [] }));
}
const simulated = (effects: Effect[]) =>
  messengerMessages(effects).flatMap((m) =>
    m.kind === 'text' ? [{ text: m.text, quick: [] as string[] }] : m.kind === 'quickReplies' ? [{ text: m.text, quick: m.options.map((o) => o.label) }] : [],
  );

describe('the simulator shows what Messenger shows', () => {
  it('a menu as quick replies on its prompt, up to thirteen; numbered text past that or past 20 characters', () => {
    const thirteen = Array.from({ length: 13 }, (_, i) => `Option ${i + 1}`);
    for (const effects of [
      [say('<speak>Que voulez-vous ?</speak>'), ask(['Code PUK', 'Solde'])],
      [say('Choisissez'), ask(thirteen)],
      [say('Choisissez'), ask([...thirteen, 'Option 14'])],
      [say('Menu'), ask(['Parler à un conseiller', 'Solde'])],
    ]) {
      expect(simulated(effects)).toEqual(wire(effects));
    }
    expect(messengerMessages([say('Que voulez-vous ?'), ask(['Code PUK', 'Solde'])])).toEqual([
      {
        kind: 'quickReplies',
        text: 'Que voulez-vous ?',
        options: [
          { id: 'o1', key: '1', label: 'Code PUK' },
          { id: 'o2', key: '2', label: 'Solde' },
        ],
      },
    ]);
    expect(messengerMessages([say('Menu'), ask(['Parler à un conseiller', 'Solde'])])).toEqual([{ kind: 'text', text: 'Menu\n\n1. Parler à un conseiller\n2. Solde' }]);
  });

  it('splits a long text at the same 2,000 characters', () => {
    const effects = [say(`<p>${'Conditions générales du service 1919. '.repeat(120)}</p>`, 'terms')];
    expect(simulated(effects)).toEqual(wire(effects));
    expect(simulated(effects).length).toBe(3);
  });

  it('keeps sensitive values masked, and tells the tester of a recording Messenger will not get', () => {
    const puk: Effect = { type: 'say', node: 'puk', locale: 'fr', text: 'Votre code PUK est 12345678.', redacted: 'Votre code PUK est ••••••••.' };
    expect(messengerMessages([puk])).toEqual([{ kind: 'text', text: 'Votre code PUK est ••••••••.' }]);
    const wav: Effect = { type: 'say', node: 'welcome', locale: 'fon', audio: 'fon/welcome.wav' };
    expect(messengerMessages([wav])).toEqual([{ kind: 'unsent', audio: 'fon/welcome.wav' }]);
  });
});
