import { describe, expect, it } from 'vitest';
import { parseWebhook } from './parseWebhook.ts';
import { batch, buttonReply, imageMessage, listReply, reactionMessage, statusUpdate, templateButton, textMessage, unsupportedMessage } from './testing/webhookFixtures.ts';

const sender = { phoneNumberId: '100000000000001', waId: '2290197000001', id: 'wamid.TEST1', timestamp: 1739321024 };

describe('parseWebhook', () => {
  it('reads a text message with the business number, the sender and the time', () => {
    const { messages, statuses, problems } = parseWebhook(textMessage('Bonjour', sender));
    expect(problems).toEqual([]);
    expect(statuses).toEqual([]);
    expect(messages).toEqual([
      {
        channel: 'whatsapp',
        address: '100000000000001',
        from: '2290197000001',
        conversation: '100000000000001:2290197000001',
        phoneNumber: '+2290197000001',
        senderName: 'Sheena Nelson',
        messageId: 'wamid.TEST1',
        sentAt: '2025-02-12T00:43:44.000Z',
        content: { kind: 'event', event: { type: 'text', text: 'Bonjour' } },
      },
    ]);
  });

  it('turns a reply button and a list row into a choice of the option id', () => {
    expect(parseWebhook(buttonReply('lang_fr', 'Français', sender)).messages[0]?.content).toEqual({ kind: 'event', event: { type: 'choice', option: 'lang_fr' } });
    expect(parseWebhook(listReply('balance', 'Solde', 'Crédit et data', sender)).messages[0]?.content).toEqual({ kind: 'event', event: { type: 'choice', option: 'balance' } });
  });

  it('reads a template quick reply as the label the subscriber tapped', () => {
    expect(parseWebhook(templateButton('Menu principal', 'MAIN_MENU', sender)).messages[0]?.content).toEqual({ kind: 'event', event: { type: 'text', text: 'Menu principal' } });
  });

  it('marks media and unsupported messages to be answered politely, and ignores reactions', () => {
    expect(parseWebhook(imageMessage(sender)).messages[0]?.content).toEqual({ kind: 'unsupported', type: 'image' });
    expect(parseWebhook(unsupportedMessage('poll_update', sender)).messages[0]?.content).toEqual({ kind: 'unsupported', type: 'poll_update' });
    expect(parseWebhook(reactionMessage('wamid.X', '👍', sender)).messages[0]?.content).toEqual({ kind: 'ignored', type: 'reaction' });
  });

  it('reads statuses with the callback data Griot sent', () => {
    const { statuses, messages } = parseWebhook(statusUpdate({ id: 'wamid.OUT', status: 'delivered', callbackData: 'k1', timestamp: 1739321024 }, sender));
    expect(messages).toEqual([]);
    expect(statuses).toEqual([
      {
        phoneNumberId: '100000000000001',
        messageId: 'wamid.OUT',
        status: 'delivered',
        at: '2025-02-12T00:43:44.000Z',
        recipient: '2290197000001',
        callbackData: 'k1',
        errors: [],
      },
    ]);
    expect(parseWebhook(statusUpdate({ id: 'wamid.OUT', status: 'failed' }, sender)).statuses[0]?.errors).toEqual([{ code: 131026, title: 'Message undeliverable' }]);
  });

  it('reports what it cannot read without throwing', () => {
    expect(parseWebhook({ hello: 1 }).problems).toHaveLength(1);
    const body = textMessage('x', sender);
    (body.entry[0]!.changes[0]!.value as Record<string, unknown>).metadata = {};
    expect(parseWebhook(body).problems[0]).toEqual({ at: 'entry 0 / change 0', reason: expect.stringMatching(/metadata.phone_number_id/) });
  });

  describe('subscribers who hide their number behind a username', () => {
    const USER_ID = 'BJ.1349120865530274';
    const hidden = { phoneNumberId: '100000000000001', waId: null, userId: USER_ID, username: '@afiavi', timestamp: 1739321024 };

    it('reads a message without wa_id by its user id: a conversation of its own, no phone number', () => {
      const { messages, problems } = parseWebhook(textMessage('Bonjour', { ...hidden, id: 'wamid.HIDDEN' }));
      expect(problems).toEqual([]);
      expect(messages).toEqual([
        {
          channel: 'whatsapp',
          address: '100000000000001',
          from: USER_ID,
          conversation: `100000000000001:${USER_ID}`,
          senderName: 'Sheena Nelson',
          messageId: 'wamid.HIDDEN',
          sentAt: '2025-02-12T00:43:44.000Z',
          content: { kind: 'event', event: { type: 'text', text: 'Bonjour' } },
        },
      ]);
    });

    it('keys a subscriber who shows both by their number (caller memory), whatever the order of fields', () => {
      const [message] = parseWebhook(textMessage('Bonjour', { ...sender, userId: USER_ID })).messages;
      expect(message).toMatchObject({ from: '2290197000001', conversation: '100000000000001:2290197000001', phoneNumber: '+2290197000001' });
    });

    it('reads every message of a batch on its own: one without wa_id spoils nothing', () => {
      const body = batch(
        textMessage('Bonjour', { phoneNumberId: '100000000000001', waId: '2290197000001', id: 'wamid.A' }),
        textMessage('Salut', { ...hidden, id: 'wamid.B' }),
        textMessage('Hello', { phoneNumberId: '100000000000001', waId: '2290197000002', id: 'wamid.C' }),
      );
      const { messages, problems } = parseWebhook(body);
      expect(problems).toEqual([]);
      expect(messages.map((m) => [m.messageId, m.conversation, m.phoneNumber])).toEqual([
        ['wamid.A', '100000000000001:2290197000001', '+2290197000001'],
        ['wamid.B', `100000000000001:${USER_ID}`, undefined],
        ['wamid.C', '100000000000001:2290197000002', '+2290197000002'],
      ]);
    });

    it('gives each message of a batch its own sender’s profile name (matched by number or user id), without control characters', () => {
      const body = batch(
        textMessage('Bonjour', { phoneNumberId: '100000000000001', waId: '2290197000001', id: 'wamid.A', name: 'Afiavi\nDossou' }),
        textMessage('Salut', { ...hidden, id: 'wamid.B', name: 'نور الهدى' }),
        textMessage('Hello', { phoneNumberId: '100000000000001', waId: '2290197000002', id: 'wamid.C', name: '   ' }),
      );
      // Meta lists the contacts in another order than the messages: the name follows the sender, not the position.
      (body.entry[0]!.changes[0]!.value as any).contacts.reverse();
      expect(parseWebhook(body).messages.map((m) => [m.messageId, m.senderName])).toEqual([
        ['wamid.A', 'Afiavi Dossou'],
        ['wamid.B', 'نور الهدى'],
        ['wamid.C', undefined],
      ]);
    });

    it('takes the direction controls out of a profile name (an override would show it reversed even inside the inbox’s <bdi>)', () => {
      const body = batch(
        textMessage('Bonjour', { phoneNumberId: '100000000000001', waId: '2290197000001', id: 'wamid.A', name: '\u202Eecivres\u202C Griot' }),
        textMessage('Salut', { phoneNumberId: '100000000000001', waId: '2290197000002', id: 'wamid.B', name: '\u2067نور\u2069\u200F' }),
        textMessage('Hello', { phoneNumberId: '100000000000001', waId: '2290197000003', id: 'wamid.C', name: '\u202E\u2066' }),
      );
      expect(parseWebhook(body).messages.map((m) => [m.messageId, m.senderName])).toEqual([
        ['wamid.A', 'ecivres Griot'],
        ['wamid.B', 'نور'],
        ['wamid.C', undefined],
      ]);
    });

    it('skips, and reports without personal data, a message naming nobody; the others are read', () => {
      const body = batch(
        textMessage('Bonjour', { phoneNumberId: '100000000000001', waId: '2290197000001', id: 'wamid.A' }),
        textMessage('Anonyme', { phoneNumberId: '100000000000001', waId: null, id: 'wamid.NOBODY' }),
        textMessage('Hello', { phoneNumberId: '100000000000001', waId: '2290197000002', id: 'wamid.C' }),
      );
      (body.entry[0]!.changes[0]!.value as any).messages[2].timestamp = 'yesterday';
      (body.entry[0]!.changes[0]!.value as any).messages.push({ ...(body.entry[0]!.changes[0]!.value as any).messages[0], id: 'wamid.D' });
      const { messages, problems } = parseWebhook(body);
      expect(messages.map((m) => m.messageId)).toEqual(['wamid.A', 'wamid.D']);
      expect(problems).toEqual([
        { at: 'entry 0 / change 0 / message 1', reason: 'a text message with neither a phone number nor a user id for its sender' },
        { at: 'entry 0 / change 0 / message 2', reason: expect.stringMatching(/^unreadable message: timestamp/) },
      ]);
      expect(JSON.stringify(problems)).not.toMatch(/229|wamid|Anonyme|Hello/);
    });

    it('takes the only contact of a change when the message names no sender', () => {
      const body = textMessage('Bonjour', { ...hidden, id: 'wamid.ONLY' });
      delete (body.entry[0]!.changes[0]!.value as any).messages[0].from_user_id;
      expect(parseWebhook(body).messages[0]).toMatchObject({ from: USER_ID, conversation: `100000000000001:${USER_ID}` });
    });

    it('reads statuses of messages sent to a user id', () => {
      const { statuses } = parseWebhook(statusUpdate({ id: 'wamid.OUT', status: 'read', callbackData: 'k1' }, hidden));
      expect(statuses[0]).toMatchObject({ messageId: 'wamid.OUT', status: 'read', recipient: USER_ID, callbackData: 'k1' });
    });
  });
});
