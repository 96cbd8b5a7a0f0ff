import { describe, expect, it } from 'vitest';
import { deepLinkPayloadOf, parseUpdate } from './parseUpdate.ts';
import { callbackUpdate, contactUpdate, groupTextUpdate, textUpdate } from './testing/telegramUpdates.ts';

const BOT = '123456789';
const at = new Date('2026-11-20T10:00:00Z');
const user = { userId: 5_550_000_001 };

describe('parseUpdate', () => {
  it('reads a private text as the subscriber’s words, keyed by bot and chat, the sender as a platform id (not a number)', () => {
    const parsed = parseUpdate(textUpdate('Bonjour', user, 42), BOT, at);
    expect(parsed).toEqual({
      kind: 'message',
      updateId: 42,
      message: {
        channel: 'telegram',
        address: BOT,
        from: 'telegram:5550000001',
        conversation: `${BOT}:5550000001`,
        messageId: `${BOT}:42`,
        sentAt: expect.any(String),
        content: { kind: 'event', event: { type: 'text', text: 'Bonjour' } },
      },
    });
    expect(parsed.kind === 'message' && parsed.message.phoneNumber).toBeFalsy();
  });

  it('reads a press as the choice its callback_data names, with the query to answer', () => {
    const parsed = parseUpdate(callbackUpdate('opt2', user, 7, 43), BOT, at);
    expect(parsed).toMatchObject({
      kind: 'message',
      callbackQueryId: expect.any(String),
      message: { sentAt: at.toISOString(), content: { kind: 'event', event: { type: 'choice', option: 'opt2' } } },
    });
  });

  it('takes the sender’s own contact card as their number, never another’s', () => {
    expect(parseUpdate(contactUpdate('2290197000001', user), BOT, at)).toMatchObject({ message: { sharedNumber: '+2290197000001', content: { event: { type: 'text', text: '+2290197000001' } } } });
    expect(parseUpdate(contactUpdate('+229 01 97 00 00 01', user), BOT, at)).toMatchObject({ message: { sharedNumber: '+2290197000001' } });
    for (const card of [contactUpdate('2290197000002', user, 99), contactUpdate('2290197000002', user, null)]) {
      const parsed = parseUpdate(card, BOT, at);
      expect(parsed).toMatchObject({ kind: 'message', message: { content: { kind: 'unsupported', type: 'contact' } } });
      expect(parsed.kind === 'message' && parsed.message.sharedNumber).toBeUndefined();
    }
  });

  it('skips groups, bots, edits and what is not an update, saying why without who', () => {
    expect(parseUpdate(groupTextUpdate('Bonjour', user), BOT, at)).toMatchObject({ kind: 'skipped', reason: 'a message in a supergroup chat' });
    const fromBot = textUpdate('x', user);
    (fromBot.message.from as { is_bot: boolean }).is_bot = true;
    expect(parseUpdate(fromBot, BOT, at)).toMatchObject({ kind: 'skipped' });
    expect(parseUpdate({ update_id: 5, edited_message: {} }, BOT, at)).toEqual({ kind: 'skipped', updateId: 5, reason: 'an update Griot does not read (edited_message)' });
    expect(parseUpdate({ hello: 'world' }, BOT, at)).toEqual({ kind: 'skipped', reason: 'not a Telegram update' });
  });

  it('answers a picture or a voice note as something it cannot read', () => {
    const photo = { update_id: 9, message: { message_id: 1, date: 1, from: { id: 1, is_bot: false }, chat: { id: 1, type: 'private' }, photo: [{ file_id: 'x' }] } };
    expect(parseUpdate(photo, BOT, at)).toMatchObject({ message: { content: { kind: 'unsupported', type: 'photo' } } });
  });

  it('reads a deep link’s payload as where the subscriber came from, and only what Telegram allows', () => {
    const parsed = parseUpdate(textUpdate('/start offre-noel', user, 44), BOT, at);
    expect(parsed).toMatchObject({ kind: 'message', message: { content: { kind: 'restart', text: '/start offre-noel', source: 'offre-noel' } } });
    expect(deepLinkPayloadOf('/start@Griot1919Bot boutique_cotonou-2')).toBe('boutique_cotonou-2');
    expect(deepLinkPayloadOf('/START x')).toBe('x');
    expect(deepLinkPayloadOf(`/start ${'a'.repeat(64)}`)).toBe('a'.repeat(64));
    for (const text of ['/start', '/start ', `/start ${'a'.repeat(65)}`, '/start offre noel', '/start offre-noël', '/start <b>x</b>', '/start {{caller.number}}', '/start a/b', '/startoffre']) {
      expect(deepLinkPayloadOf(text), text).toBeUndefined();
    }
    const typed = parseUpdate(textUpdate('/start <b>x</b>', user, 45), BOT, at);
    expect(typed.kind === 'message' && typed.message.content.kind === 'restart' && 'source' in typed.message.content).toBe(false);
  });
});
