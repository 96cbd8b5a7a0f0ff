import { createHash } from 'node:crypto';
import { ContactSource, type FlowEvent } from '@griot/flows';
import type { InboundContent, InboundMessage } from '../messaging/inbound.ts';
import { sentAtIso } from '../messaging/sentAtIso.ts';
import { MESSENGER_ID, MessengerEvent, MessengerWebhookBody, timestampMs } from './webhookPayload.ts';

/** A part of a webhook that was skipped, said without personal data (no PSID, text or payload): where and why. */
export interface WebhookProblem {
  /** `entry 0 / event 2`. */
  at: string;
  reason: string;
}

export interface ParsedMessengerWebhook {
  /** What subscribers wrote or pressed, in order. */
  messages: InboundMessage[];
  /** Events that need no answer (echoes of the Page's own messages, deliveries, reads, reactions…). */
  skipped: number;
  /** Events that could not be read (logged, not fatal: the others are processed). */
  problems: WebhookProblem[];
}

/** Longest text the flow reads from a subscriber (a flow event holds 4,096 characters). */
const TEXT_MAX = 4096;

/**
 * A Messenger webhook body → channel-neutral messages. Each event stands alone: one that cannot
 * be read is reported in `problems`, the others go on. The subscriber is known by their
 * page-scoped id (PSID), never by a phone number: their conversation is `<page id>:<psid>` and
 * their profile key `messenger:<psid>`, which nothing reads as a number. A postback carrying
 * `getStartedPayload` (the Page's Get Started button) asks to begin again.
 */
export function parseWebhook(body: unknown, now: () => number = Date.now, getStartedPayload = 'GET_STARTED'): ParsedMessengerWebhook {
  const receivedMs = now();
  const result: ParsedMessengerWebhook = { messages: [], skipped: 0, problems: [] };
  const envelope = MessengerWebhookBody.safeParse(body);
  if (!envelope.success) {
    result.problems.push({ at: 'body', reason: `not a Messenger Page webhook: ${describeIssue(envelope.error.issues[0])}` });
    return result;
  }
  envelope.data.entry.forEach((entry, e) => {
    (entry.messaging ?? []).forEach((raw, m) => {
      const at = `entry ${e} / event ${m}`;
      const parsed = MessengerEvent.safeParse(raw);
      if (!parsed.success) {
        result.problems.push({ at, reason: `unreadable event: ${describeIssue(parsed.error.issues[0])}` });
        return;
      }
      const event = parsed.data;
      // Only what a subscriber wrote or pressed is answered; the Page's own echoes never are.
      if ((!event.message && !event.postback && !event.referral) || event.message?.is_echo) {
        result.skipped += 1;
        return;
      }
      const psid = event.sender?.id;
      if (psid === undefined || !MESSENGER_ID.test(psid)) {
        result.problems.push({ at, reason: event.sender?.user_ref ? 'a sender known only by a user_ref (a plugin guest): no page-scoped id to answer' : 'a sender without a page-scoped id' });
        return;
      }
      const pageId = event.recipient?.id ?? entry.id;
      if (!MESSENGER_ID.test(pageId)) {
        result.problems.push({ at, reason: 'a recipient that is not a Page id' });
        return;
      }
      const sentMs = event.timestamp !== undefined ? timestampMs(event.timestamp) : entry.time !== undefined ? timestampMs(entry.time) : receivedMs;
      const messageId = messageIdOf(event, pageId, psid, sentMs);
      if (!messageId) {
        result.problems.push({ at, reason: 'a message without its mid' });
        return;
      }
      result.messages.push({
        channel: 'messenger',
        address: pageId,
        // The profile key: a PSID with the channel's prefix, so no part of Griot takes it for a phone number.
        from: `messenger:${psid}`,
        conversation: `${pageId}:${psid}`,
        messageId,
        sentAt: sentAtIso(sentMs, receivedMs),
        content: readContent(event, getStartedPayload),
      });
    });
  });
  return result;
}

/**
 * What identifies the event across re-deliveries: its `mid`; a postback from before Graph v8
 * has none, and is known by a hash of who pressed what, where and when.
 */
function messageIdOf(event: MessengerEvent, pageId: string, psid: string, sentMs: number): string | undefined {
  if (event.message) return event.message.mid;
  if (event.postback?.mid) return event.postback.mid;
  if (!event.postback) {
    // A referral has no mid ever: who followed which link to which Page, when.
    const referral = event.referral;
    const fingerprint = JSON.stringify([pageId, psid, sentMs, typeof referral?.ref === 'string' ? referral.ref : null, referral?.source ?? null, referral?.type ?? null]);
    return `referral.${createHash('sha256').update(fingerprint).digest('hex').slice(0, 40)}`;
  }
  const fingerprint = JSON.stringify([pageId, psid, sentMs, event.postback?.payload ?? null, event.postback?.title ?? null]);
  return `postback.${createHash('sha256').update(fingerprint).digest('hex').slice(0, 40)}`;
}

const LIKE_STICKERS = new Set(['369239263222822', '369239343222814', '369239383222810']);

function readContent(event: MessengerEvent, getStartedPayload: string): InboundContent {
  const choice = (option: string): InboundContent => ({ kind: 'event', event: { type: 'choice', option: option.slice(0, 256) } });
  const text = (words: string): InboundContent => ({ kind: 'event', event: { type: 'text', text: words.slice(0, TEXT_MAX) } satisfies FlowEvent });
  const { message, postback } = event;
  if (message) {
    // A quick reply pressed: its payload is the flow's option id (its title comes as the text).
    if (message.quick_reply?.payload) return choice(message.quick_reply.payload);
    if (message.text !== undefined && message.text.trim() !== '') return text(message.text);
    // The thumbs-up of Messenger's Like button (small, medium, large): an « OK », as a WhatsApp
    // reaction is, not a picture to be told « I can only read text » about.
    if (message.sticker_id !== undefined && LIKE_STICKERS.has(String(message.sticker_id))) return { kind: 'ignored', type: 'like' };
    const attachment = message.attachments?.[0]?.type ?? (message.sticker_id !== undefined ? 'sticker' : undefined);
    return { kind: 'unsupported', type: attachment ?? 'empty' };
  }
  // Get Started (the greeting's button, pressed again after « Delete conversation », or a menu
  // item with its payload): from the beginning, not an answer to the menu shown. With an agent,
  // its title is the subscriber's words. In a conversation opened from an m.me link, it carries
  // the link's `ref`: where the subscriber came from.
  if (postback?.payload !== undefined && postback.payload === getStartedPayload) {
    const source = referralSourceOf(postback.referral);
    return { kind: 'restart', text: (postback.title?.trim() || 'Get Started').slice(0, TEXT_MAX), ...(source ? { source, opening: `Get Started (m.me/?ref=${source})` } : {}) };
  }
  // `messaging_referrals`: a person whose conversation with the Page exists followed an m.me link
  // (or a code, an ad) to it. Like Telegram's /start with a payload: the contact begins again,
  // with its own source; no words of theirs for an agent who holds the conversation.
  if (!postback && event.referral) {
    const source = referralSourceOf(event.referral);
    return { kind: 'restart', ...(source ? { source, opening: `m.me/?ref=${source}` } : {}) };
  }
  // A postback: a button of a template or the Page's persistent menu. Its payload names the
  // option; without one (sent to another app), the title is what the subscriber read.
  if (postback?.payload) return choice(postback.payload);
  if (postback?.title) return text(postback.title);
  return { kind: 'unsupported', type: 'postback' };
}

/**
 * The `ref` of an m.me link (`m.me/<page>?ref=offre-noel`) when it is what Griot takes as a
 * source (1–64 of A-Z a-z 0-9 _ -, as for Telegram's deep links; Meta allows more, `+ / = . :`
 * among them, and up to 250 characters): anything else is dropped, never passed on or echoed.
 */
export function referralSourceOf(referral: { ref?: unknown } | undefined): string | undefined {
  const ref = referral?.ref;
  return typeof ref === 'string' && ContactSource.safeParse(ref).success ? ref : undefined;
}

/** A zod issue as "field: problem", never the value. */
function describeIssue(issue: { path: PropertyKey[]; message: string } | undefined): string {
  if (!issue) return 'invalid';
  return issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message;
}
