import { describe, expect, it } from 'vitest';
import { parseWebhook } from './parseWebhook.ts';
import { attachmentMessage, batch, delivery, echo, getStartedFromLink, postback, quickReply, read, referral, textMessage } from './testing/webhookFixtures.ts';

const PAGE = '200000000000001';
const PSID = '1254459154682919';
const at = Date.UTC(2026, 10, 3, 9, 30);
const sender = { pageId: PAGE, psid: PSID, timestamp: at };

describe('parseWebhook (Messenger)', () => {
  it('reads a text message: the conversation is the Page and the PSID, the sender a PSID, never a phone number', () => {
    const { messages, problems, skipped } = parseWebhook(textMessage('Bonjour', { ...sender, mid: 'm_abc' }));
    expect({ problems, skipped }).toEqual({ problems: [], skipped: 0 });
    expect(messages).toEqual([
      {
        channel: 'messenger',
        address: PAGE,
        from: `messenger:${PSID}`,
        conversation: `${PAGE}:${PSID}`,
        messageId: 'm_abc',
        sentAt: new Date(at).toISOString(),
        content: { kind: 'event', event: { type: 'text', text: 'Bonjour' } },
      },
    ]);
    expect(messages[0]).not.toHaveProperty('phoneNumber');
  });

  it('reads a quick reply and a postback as a press of the option their payload names', () => {
    const [pressed] = parseWebhook(quickReply('puk', 'Code PUK', sender)).messages;
    expect(pressed?.content).toEqual({ kind: 'event', event: { type: 'choice', option: 'puk' } });
    const [button] = parseWebhook(postback('agent', 'Conseiller', { ...sender, mid: 'm_pb1' })).messages;
    expect(button).toMatchObject({ messageId: 'm_pb1', content: { kind: 'event', event: { type: 'choice', option: 'agent' } } });
  });

  it('identifies a postback without a mid by who pressed what and when: the same event twice, the same id', () => {
    const old = postback('puk', 'Code PUK', { ...sender, mid: null });
    const first = parseWebhook(old).messages[0]?.messageId;
    expect(first).toMatch(/^postback\.[0-9a-f]{40}$/);
    expect(parseWebhook(structuredClone(old)).messages[0]?.messageId).toBe(first);
    expect(parseWebhook(postback('puk', 'Code PUK', { ...sender, mid: null, timestamp: at + 1 })).messages[0]?.messageId).not.toBe(first);
  });

  it('takes a picture or a sticker as something the flow cannot read', () => {
    expect(parseWebhook(attachmentMessage('image', sender)).messages[0]?.content).toEqual({ kind: 'unsupported', type: 'image' });
  });

  it('answers nothing to the Page’s own echoes, deliveries and reads', () => {
    const parsed = parseWebhook(batch(echo('Que voulez-vous faire ?', sender), delivery(['m_1'], sender), read(sender)));
    expect(parsed).toEqual({ messages: [], skipped: 3, problems: [] });
  });

  it('keeps the good events of a batch when one cannot be read, and says where without saying who', () => {
    const body = batch(textMessage('un', { ...sender, psid: '1111111111111111' }), textMessage('deux', { ...sender, psid: '2222222222222222' }));
    const events = body.entry[0]!.messaging as unknown[];
    events.splice(1, 0, { sender: { user_ref: 'guest-1' }, recipient: { id: PAGE }, timestamp: at, message: { mid: 'm_guest', text: 'salut' } }, 'not an event');
    const parsed = parseWebhook(body);
    expect(parsed.messages.map((m) => m.content)).toEqual([
      { kind: 'event', event: { type: 'text', text: 'un' } },
      { kind: 'event', event: { type: 'text', text: 'deux' } },
    ]);
    expect(parsed.problems).toEqual([
      { at: 'entry 0 / event 1', reason: 'a sender known only by a user_ref (a plugin guest): no page-scoped id to answer' },
      { at: 'entry 0 / event 2', reason: 'unreadable event: Invalid input: expected object, received string' },
    ]);
    expect(JSON.stringify(parsed.problems)).not.toMatch(/guest-1|salut/);
  });

  it('refuses a body that is not a Page webhook, and reads timestamps in seconds as well as milliseconds', () => {
    expect(parseWebhook({ object: 'whatsapp_business_account', entry: [] }).problems).toHaveLength(1);
    const seconds = textMessage('Bonjour', { ...sender, timestamp: Math.floor(at / 1000) });
    expect(parseWebhook(seconds).messages[0]?.sentAt).toBe(new Date(Math.floor(at / 1000) * 1000).toISOString());
  });
  it('reads an m.me link’s ref as where the subscriber came from, in Get Started and in a referral, and words it for the transcript', () => {
    const [started] = parseWebhook(getStartedFromLink('offre-noel', sender)).messages;
    expect(started?.content).toEqual({ kind: 'restart', text: 'Get Started', source: 'offre-noel', opening: 'Get Started (m.me/?ref=offre-noel)' });
    const [followed] = parseWebhook(referral('boutique_cotonou-2', sender)).messages;
    expect(followed).toMatchObject({ from: `messenger:${PSID}`, conversation: `${PAGE}:${PSID}`, content: { kind: 'restart', source: 'boutique_cotonou-2', opening: 'm.me/?ref=boutique_cotonou-2' } });
    expect(followed?.content).not.toHaveProperty('text');
    // An ad or a link without a ref: begins again, from nowhere known.
    expect(parseWebhook(referral(undefined, sender, 'ADS')).messages[0]?.content).toEqual({ kind: 'restart' });
    for (const ref of ['', 'a'.repeat(65), 'offre noel', 'offre-noël', 'a=b', '<b>x</b>', 7, null]) {
      const [m] = parseWebhook(referral(ref, sender)).messages;
      expect(m?.content, String(ref)).toEqual({ kind: 'restart' });
    }
  });

  it('knows a referral delivered again (it has no mid) by who followed which link when', () => {
    const first = parseWebhook(referral('offre-noel', sender)).messages[0]?.messageId;
    expect(first).toMatch(/^referral\.[0-9a-f]{40}$/);
    expect(parseWebhook(structuredClone(referral('offre-noel', sender))).messages[0]?.messageId).toBe(first);
    expect(parseWebhook(referral('offre-noel', { ...sender, timestamp: at + 1 })).messages[0]?.messageId).not.toBe(first);
    expect(parseWebhook(referral('autre', sender)).messages[0]?.messageId).not.toBe(first);
  });
});
