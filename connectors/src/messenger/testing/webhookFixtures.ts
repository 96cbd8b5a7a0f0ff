/**
 * Messenger Platform webhook bodies shaped as Meta documents them (Webhooks reference:
 * `messages`, `messaging_postbacks`, `message_echoes`, `message_deliveries`, `message_reads`),
 * for tests, the conformance driver and the benchmark.
 */

export interface Sender {
  /** The Page id (`recipient.id`, `entry[].id`). */
  pageId?: string;
  /** The person's page-scoped id (`sender.id`). */
  psid?: string;
  /** The message id (`m_…`). */
  mid?: string;
  /** Unix milliseconds. */
  timestamp?: number;
}

const PAGE_ID = '200000000000001';
const PSID = '1254459154682919';
let counter = 0;

/** A fresh message id in Meta's format. */
export function newMid(): string {
  counter += 1;
  const unique = `${process.pid.toString(16)}${Date.now().toString(16)}${counter.toString(16).padStart(8, '0')}`;
  return `m_${Buffer.from(unique).toString('base64url')}AbCdEfGh`;
}

/** How a person entered the conversation, as Meta documents it (`ref` is the link's own, any value in tests). */
export interface MessengerReferral {
  ref?: unknown;
  source: string;
  type: string;
}

/** One event of `entry[].messaging[]`. */
export interface MessengerEventFixture {
  sender: { id: string };
  recipient: { id: string };
  timestamp: number;
  message?: { mid: string; text?: string; is_echo?: boolean; app_id?: number; quick_reply?: { payload: string }; attachments?: unknown[]; sticker_id?: number };
  postback?: { mid?: string; title: string; payload: string; referral?: MessengerReferral };
  referral?: MessengerReferral;
  [field: string]: unknown;
}

export interface MessengerWebhook {
  object: 'page';
  entry: Array<{ id: string; time: number; messaging: MessengerEventFixture[] }>;
}

function envelope(sender: Sender, event: Partial<MessengerEventFixture>): MessengerWebhook {
  const pageId = sender.pageId ?? PAGE_ID;
  const timestamp = sender.timestamp ?? Date.now();
  return {
    object: 'page' as const,
    entry: [
      {
        id: pageId,
        time: timestamp,
        messaging: [{ sender: { id: sender.psid ?? PSID }, recipient: { id: pageId }, timestamp, ...event }],
      },
    ],
  };
}

export const textMessage = (text: string, sender: Sender = {}) => envelope(sender, { message: { mid: sender.mid ?? newMid(), text } });

/** A quick reply pressed: its title comes as the text, with its payload. */
export const quickReply = (payload: string, title: string, sender: Sender = {}) => envelope(sender, { message: { mid: sender.mid ?? newMid(), text: title, quick_reply: { payload } } });

/** A postback button pressed (a template's button, the persistent menu, Get Started); `mid: null` for one from before Graph v8, without a mid. */
export const postback = (payload: string, title: string, sender: Omit<Sender, 'mid'> & { mid?: string | null } = {}) =>
  envelope({ ...sender, mid: undefined }, { postback: { ...(sender.mid === null ? {} : { mid: sender.mid ?? newMid() }), title, payload } });

/**
 * Get Started pressed in a new conversation opened from `m.me/<page>?ref=<ref>`
 * (`messaging_postbacks` with `postback.referral`).
 */
export const getStartedFromLink = (ref: unknown, sender: Sender = {}, payload = 'GET_STARTED') =>
  envelope({ ...sender, mid: undefined }, { postback: { mid: sender.mid ?? newMid(), title: 'Get Started', payload, referral: { ref, source: 'SHORTLINK', type: 'OPEN_THREAD' } } });

/**
 * A person whose conversation with the Page exists followed `m.me/<page>?ref=<ref>` (`messaging_referrals`):
 * no mid, no words. `ref: undefined` for an ad or a link without one.
 */
export const referral = (ref: unknown, sender: Omit<Sender, 'mid'> = {}, source = 'SHORTLINK') =>
  envelope(sender, { referral: { ...(ref === undefined ? {} : { ref }), source, type: 'OPEN_THREAD' } });

export const attachmentMessage = (type: 'image' | 'audio' | 'video' | 'file' | 'location', sender: Sender = {}) =>
  envelope(sender, { message: { mid: sender.mid ?? newMid(), attachments: [{ type, payload: { url: 'https://scontent.xx.fbcdn.net/v/t1.15752-9/fake.jpg' } }] } });

/** A sticker as Messenger sends it (an image attachment with its `sticker_id`); the default is the Like button's thumbs-up. */
export const stickerMessage = (stickerId = 369239263222822, sender: Sender = {}) =>
  envelope(sender, {
    message: { mid: sender.mid ?? newMid(), sticker_id: stickerId, attachments: [{ type: 'image', payload: { url: 'https://scontent.xx.fbcdn.net/v/t39.1997-6/like.png', sticker_id: stickerId } }] },
  });

/** A message the Page itself sent, echoed back (`message_echoes`): sender and recipient swapped. */
export function echo(text: string, sender: Sender = {}): MessengerWebhook {
  const body = envelope(sender, { message: { mid: sender.mid ?? newMid(), is_echo: true, app_id: 1517776481860111, text } });
  const event = body.entry[0]!.messaging[0]!;
  return { ...body, entry: [{ ...body.entry[0]!, messaging: [{ ...event, sender: event.recipient, recipient: event.sender }] }] };
}

export const delivery = (mids: string[], sender: Sender = {}) => envelope(sender, { delivery: { mids, watermark: sender.timestamp ?? Date.now() } });

export const read = (sender: Sender = {}) => envelope(sender, { read: { watermark: sender.timestamp ?? Date.now() } });

/** Events Meta sends together: one entry per Page, its events in order. */
export function batch(...bodies: MessengerWebhook[]): MessengerWebhook {
  const byPage = new Map<string, MessengerWebhook['entry'][number]>();
  for (const body of bodies) {
    for (const entry of body.entry) {
      const known = byPage.get(entry.id);
      if (known) known.messaging.push(...entry.messaging);
      else byPage.set(entry.id, { ...entry, messaging: [...entry.messaging] });
    }
  }
  return { object: 'page', entry: [...byPage.values()] };
}
