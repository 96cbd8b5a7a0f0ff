import { describe, expect, it } from 'vitest';
import { channelCapabilities, renderReplies, type AskEffect, type Effect } from '@griot/flows';
import { toWhatsAppMessages } from './toWhatsAppMessages.ts';
import { validateGraphMessage } from './testing/validateGraphMessage.ts';

const menu = (labels: string[], prompt = 'Que voulez-vous faire ?'): Effect[] => [
  { type: 'say', node: 'm', locale: 'fr', text: prompt },
  {
    type: 'ask',
    node: 'm',
    kind: 'choice',
    locale: 'fr',
    timeoutSeconds: 8,
    bargeIn: true,
    speech: false,
    hints: [],
    retry: 0,
    options: labels.map((label, i) => ({ id: `option_${i + 1}`, key: String((i + 1) % 10), label, synonyms: [] })),
  } satisfies AskEffect,
];
const toGraph = (effects: Effect[]) =>
  toWhatsAppMessages(renderReplies(effects, { capabilities: channelCapabilities.whatsapp, audioUrl: (n) => `https://griot.example/audio/f/${n}` }).replies).map((content) => ({
    messaging_product: 'whatsapp' as const,
    recipient_type: 'individual' as const,
    to: '2290197000001',
    ...content,
  }));

describe('toWhatsAppMessages', () => {
  it('sends up to three short options as reply buttons with the option ids', () => {
    const [message] = toGraph(menu(['Code PUK', 'Solde', 'Conseiller']));
    expect(message).toMatchObject({
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'Que voulez-vous faire ?' },
        action: {
          buttons: [
            { type: 'reply', reply: { id: 'option_1', title: 'Code PUK' } },
            { type: 'reply', reply: { id: 'option_2', title: 'Solde' } },
            { type: 'reply', reply: { id: 'option_3', title: 'Conseiller' } },
          ],
        },
      },
    });
  });

  it('sends a list with one section of rows and the list button', () => {
    const [message] = toGraph(menu(['Code PUK', 'Solde', 'Mobile Money', 'Parler à un conseiller']));
    expect(message).toMatchObject({
      type: 'interactive',
      interactive: { type: 'list', action: { button: 'Choisir', sections: [{ rows: [{ id: 'option_1', title: 'Code PUK' }, {}, {}, { id: 'option_4', title: 'Parler à un conseiller' }] }] } },
    });
  });

  it('plans a recording (WAV too) as the flow file to upload, never as a link to Griot', () => {
    const replies = renderReplies([{ type: 'say', node: 'a', locale: 'fon', audio: 'fon/welcome.wav' }], {
      capabilities: channelCapabilities.whatsapp,
      audioUrl: (n) => `griot-recording:f/${n}`,
    }).replies;
    expect(toWhatsAppMessages(replies, '1919-selfcare')).toEqual([{ type: 'recording', recording: { flowId: '1919-selfcare', name: 'fon/welcome.wav' } }]);
  });

  it('stays within every WhatsApp limit, whatever the menu', () => {
    const cases: string[][] = [
      ['Oui', 'Non'],
      ['Exactement vingt car', 'Deux'],
      ['Vingt et un caractères', 'Deux'],
      Array.from({ length: 10 }, (_, i) => `Vingt-quatre caractères${i}`.slice(0, 24)),
      Array.from({ length: 10 }, (_, i) => `Un libellé bien trop long pour une ligne ${i}`),
      Array.from({ length: 30 }, (_, i) => `Option ${i}`),
    ];
    for (const labels of cases) {
      for (const message of toGraph(menu(labels, 'Choisissez. '.repeat(200)))) expect(validateGraphMessage(message)).toBeUndefined();
    }
    for (const message of toGraph([{ type: 'say', node: 'long', locale: 'fr', text: 'Opération reçue. '.repeat(1000) }])) {
      expect(validateGraphMessage(message)).toBeUndefined();
    }
  });
});
