import { describe, expect, it } from 'vitest';
import { parseWebhook } from './parseWebhook.ts';
import {
  buttonReply, imageMessage, listReply, reactionMessage, statusUpdate, templateButton, textMessage, unsupportedMessage,
} from './testing/webhookFixtures.ts';

const sender = { phoneNumberId: '100000000000001', waId: '2290197000001', id: 'wamid.TEST1', timestamp: 1739321024 };

describe('parseWebhook', () => {
  it('reads a text message with the business number, the sender and the time', () => {
    const { messages, statuses, problems } = parseWebhook(textMessage('Bonjour', sender));
    expect(problems).toEqual([]);
    expect(statuses).toEqual([]);
    expect(messages).toEqual([{
      channel: 'whatsapp', address: '100000000000001', from: '2290197000001', conversation: '100000000000001:2290197000001', phoneNumber: '+2290197000001',
      messageId: 'wamid.TEST1', sentAt: '2025-02-12T00:43:44.000Z', content: { kind: 'event', event: { type: 'text', text: 'Bonjour' } },
    }]);
  });

  it('turns a reply button and a list row into a choice of the option id', () => {
    expect(parseWebhook(buttonReply('lang_fr', 'Français', sender)).messages[0]?.content)
      .toEqual({ kind: 'event', event: { type: 'choice', option: 'lang_fr' } });
    expect(parseWebhook(listReply('balance', 'Solde', 'Crédit et data', sender)).messages[0]?.content)
      .toEqual({ kind: 'event', event: { type: 'choice', option: 'balance' } });
  });

  it('reads a template quick reply as the label the subscriber tapped', () => {
    expect(parseWebhook(templateButton('Menu principal', 'MAIN_MENU', sender)).messages[0]?.content)
      .toEqual({ kind: 'event', event: { type: 'text', text: 'Menu principal' } });
  });

  it('marks media and unsupported messages to be answered politely, and ignores reactions', () => {
    expect(parseWebhook(imageMessage(sender)).messages[0]?.content).toEqual({ kind: 'unsupported', type: 'image' });
    expect(parseWebhook(unsupportedMessage('poll_update', sender)).messages[0]?.content).toEqual({ kind: 'unsupported', type: 'poll_update' });
    expect(parseWebhook(reactionMessage('wamid.X', '👍', sender)).messages[0]?.content).toEqual({ kind: 'ignored', type: 'reaction' });
  });

  it('reads statuses with the callback data Griot sent', () => {
    const { statuses, messages } = parseWebhook(statusUpdate({ id: 'wamid.OUT', status: 'delivered', callbackData: 'k1', timestamp: 1739321024 }, sender));
    expect(messages).toEqual([]);
    expect(statuses).toEqual([{
      phoneNumberId: '100000000000001', messageId: 'wamid.OUT', status: 'delivered', at: '2025-02-12T00:43:44.000Z',
      recipient: '2290197000001', callbackData: 'k1', errors: [],
    }]);
    expect(parseWebhook(statusUpdate({ id: 'wamid.OUT', status: 'failed' }, sender)).statuses[0]?.errors).toEqual([{ code: 131026, title: 'Message undeliverable' }]);
  });

  it('reports what it cannot read without throwing', () => {
    expect(parseWebhook({ hello: 1 }).problems).toHaveLength(1);
    const body = textMessage('x', sender);
    (body.entry[0]!.changes[0]!.value as Record<string, unknown>).metadata = {};
    expect(parseWebhook(body).problems[0]).toMatch(/metadata.phone_number_id/);
  });
});
