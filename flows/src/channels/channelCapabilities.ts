import type { Channel } from '../schema/common.ts';

/**
 * What a channel can show and take, as data: the renderers (connectors), lint and the
 * designer's simulator read these facts and nothing else about a channel, so a new channel is a
 * new row in `channelCapabilities` and an encoder. Lengths count UTF-16 units (JavaScript's
 * `length`), never fewer than the characters a platform counts.
 */
export interface ChannelCapabilities {
  /** How people name the channel (documentation, the designer, lint messages). */
  label: string;
  /** Prompts are heard, not read (a phone call): menus are spoken and answered by key or by voice. */
  spoken: boolean;
  /** The subscriber answers with phone keys (DTMF on a call, the dialler's keys on USSD). */
  keypad: boolean;
  /** The subscriber may answer by speaking (recognised by the platform). */
  speech: boolean;
  /** Longest text in one message or screen; longer text is split or paged, never cut. Absent: no limit (spoken). */
  textMaxLength?: number;
  /**
   * One screen at a time, the next one asked for with a key (USSD): a screen holds this many
   * characters, the paging words included. Absent: messages, each of up to `textMaxLength`.
   */
  pages?: {
    screenMaxLength: number;
    /** A screen with a character GSM 03.38 lacks goes as UCS-2 and holds this many instead. */
    ucs2ScreenMaxLength: number;
    /** What the subscriber types for the next screen ("00"), and for the one before ("0"); the words beside them are per locale (`systemTexts`). */
    nextKey: string;
    backKey: string;
  };
  /** Native reply buttons, if any. */
  buttons?: {
    max: number;
    titleMaxLength: number;
    idMaxLength: number;
    /** Longest text shown above the buttons. */
    bodyMaxLength: number;
  };
  /** A native list (one button opening rows), if any. */
  list?: {
    maxRows: number;
    rowTitleMaxLength: number;
    idMaxLength: number;
    buttonLabelMaxLength: number;
    bodyMaxLength: number;
  };
  /** Whether recorded prompts reach the subscriber (played on a call, sent by link in a chat). */
  audio: boolean;
  /** Audio file extensions the channel plays (lower case); any when absent. */
  audioFormats?: readonly string[];
  /** Whether pictures and documents can be shown. */
  media: boolean;
  /** How the platform bounds a conversation in time. */
  session: {
    /** The platform itself ends a session left this many seconds without an answer (USSD gateways: tens of seconds). */
    timeoutSeconds?: number;
    /** Free-form replies only within this many hours of the subscriber's last message (WhatsApp: 24); templates after. */
    replyWindowHours?: number;
  };
}

/**
 * Every channel's facts, one row each. Adding a channel id to `Channel` (schema/common.ts)
 * without a row here does not compile. Sources are in each row's comment.
 */
const rows = {
  /**
   * A phone call through jambonz: prompts spoken (text-to-speech or recordings), answered on the
   * keypad (DTMF), or by voice where the flow's locale has recognition. No length limit on a prompt.
   */
  voice: {
    label: 'Voice',
    spoken: true,
    keypad: true,
    speech: true,
    audio: true,
    media: false,
    session: {},
  },
  /**
   * WhatsApp Cloud API limits (Meta's message reference): 1–3 reply buttons with titles of at
   * most 20 characters; a list of at most 10 rows with row titles of at most 24 characters and a
   * button label of at most 20; text of at most 4,096 characters; interactive bodies kept to
   * 1,024 (the limit for buttons; lists allow more, the smaller one is safe for both); audio
   * in the formats WhatsApp plays (and WAV, which Griot converts); free-form replies within 24 hours of the subscriber's last
   * message, approved templates after.
   */
  whatsapp: {
    label: 'WhatsApp',
    spoken: false,
    keypad: false,
    speech: false,
    textMaxLength: 4096,
    buttons: { max: 3, titleMaxLength: 20, idMaxLength: 256, bodyMaxLength: 1024 },
    list: { maxRows: 10, rowTitleMaxLength: 24, idMaxLength: 200, buttonLabelMaxLength: 20, bodyMaxLength: 1024 },
    audio: true,
    // Cloud API audio messages: AAC, AMR, MP3, MP4 audio, OGG (Opus). Graph refuses WAV, so the
    // WhatsApp channel encodes the designer's WAV recordings to MP3 before uploading them.
    audioFormats: ['aac', 'amr', 'mp3', 'm4a', 'ogg', 'opus', 'wav'],
    media: true,
    session: { replyWindowHours: 24 },
  },
  /**
   * Bot Framework as Web Chat and Direct Line show it: suggested actions for up to 10 options
   * (kept to 10 to stay readable), titles up to 40, text up to 4,000. Other Bot Framework
   * channels (Teams…) differ: see `botFrameworkCapabilities`.
   */
  botframework: {
    label: 'Bot Framework',
    spoken: false,
    keypad: false,
    speech: false,
    textMaxLength: 4000,
    buttons: { max: 10, titleMaxLength: 40, idMaxLength: 256, bodyMaxLength: 4000 },
    audio: true,
    media: true,
    session: {},
  },
  /** Griot's own web chat page: buttons for up to 10 options (labels up to 60), numbered text past that, audio players. */
  webchat: {
    label: 'Web chat',
    spoken: false,
    keypad: false,
    speech: false,
    textMaxLength: 4000,
    buttons: { max: 10, titleMaxLength: 60, idMaxLength: 256, bodyMaxLength: 4000 },
    audio: true,
    media: false,
    session: {},
  },
  /**
   * SMS over SMPP 3.4 through the operator's SMSC: text only, answered by typing (a numbered
   * menu's number). One SMS holds 160 GSM 03.38 characters or 70 UCS-2 ones (3GPP TS 23.038,
   * TS 23.040); a longer reply goes as one concatenated SMS (UDH), 153 / 67 characters a part,
   * which the handset shows as one message in order. 670 UTF-16 units fit in 10 UCS-2 parts
   * (fewer in GSM 03.38), the most handsets and SMSCs reassemble reliably; longer texts are
   * split into several SMS at paragraphs and sentences (`splitText`), each whole on its own.
   * See `planSms`.
   */
  sms: {
    label: 'SMS',
    spoken: false,
    keypad: false,
    speech: false,
    textMaxLength: 670,
    audio: false,
    media: false,
    session: {},
  },
  /**
   * Telegram Bot API: text up to 4,096 characters a message (sendMessage); menus as an inline
   * keyboard, one button a row, whose `callback_data` (the option id) is 1–64 bytes. Telegram
   * publishes no count or label limit for buttons: 10 keeps the keyboard readable (as on Bot
   * Framework), and a label up to 40 characters fills a row on a phone without the client
   * shortening it. Recorded prompts go as voice messages by link (sendVoice: OGG/Opus, MP3,
   * M4A). A bot may write to a subscriber who started it at any time: no reply window.
   */
  telegram: {
    label: 'Telegram',
    spoken: false,
    keypad: false,
    speech: false,
    textMaxLength: 4096,
    buttons: { max: 10, titleMaxLength: 40, idMaxLength: 64, bodyMaxLength: 4096 },
    audio: true,
    audioFormats: ['ogg', 'opus', 'mp3', 'm4a'],
    media: true,
    session: {},
  },
  /**
   * Facebook Messenger (Send API, Meta's Messenger Platform reference): text of at most 2,000
   * characters; menus as quick replies, up to 13 with titles of at most 20 characters and
   * payloads of at most 1,000 (a quick reply sits on a text message, so its body is a text's
   * 2,000). The button template (3 buttons, titles of 20, text of 640) shows nothing quick
   * replies cannot, so it is not a form of its own here. Audio attachments by link (Messenger
   * plays MP3, M4A and AMR); pictures and files too. Standard messages within 24 hours of the
   * subscriber's last message; after that only tagged ones (an agent's reply, `HUMAN_AGENT`,
   * within 7 days).
   */
  messenger: {
    label: 'Messenger',
    spoken: false,
    keypad: false,
    speech: false,
    textMaxLength: 2000,
    buttons: { max: 13, titleMaxLength: 20, idMaxLength: 1000, bodyMaxLength: 2000 },
    audio: true,
    audioFormats: ['mp3', 'm4a', 'amr'],
    media: true,
    session: { replyWindowHours: 24 },
  },
  /**
   * USSD through an African gateway's callback (Africa's Talking's format): one screen at a time
   * on any handset, 182 characters a screen (GSM 03.38; the figure gateways and operators give),
   * 80 when a character GSM 03.38 lacks (`ô`, `ç`, `ê`, Fon's `ɛ`) makes it UCS-2 (160 octets),
   * answered with the keypad; a long screen is paged ("00" for the next, "0" for the one before),
   * never cut. No buttons, no audio, no pictures. Gateways end a session left without an answer
   * after tens of seconds (Africa's Talking: about 20 s per screen, 180 s in all).
   */
  ussd: {
    label: 'USSD',
    spoken: false,
    keypad: true,
    speech: false,
    textMaxLength: 182,
    pages: { screenMaxLength: 182, ucs2ScreenMaxLength: 80, nextKey: '00', backKey: '0' },
    audio: false,
    media: false,
    session: { timeoutSeconds: 20 },
  },
} satisfies Record<Channel, ChannelCapabilities>;

/** What each channel can show and take: read by lint, the designer's simulator and the connectors alike. */
export const channelCapabilities: Readonly<Record<Channel, ChannelCapabilities>> = rows;
