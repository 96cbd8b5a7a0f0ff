import { z } from 'zod';
import type { Channel, JsonValue } from '@griot/flows';
import { VoiceSettings } from '@griot/flows';

/** One setting a binding of this channel can carry, as one field of the binding form. */
export interface SettingField {
  /** Where it sits in the binding's `settings`: `queueMaxWaitSeconds`, `tts.vendor`, `handoff.sipUri`. */
  path: string;
  input: 'text' | 'number' | 'select';
  /** The values of a select. */
  options?: readonly string[];
  /** Shown (and kept) only while another setting has this value: the SIP address once the handoff goes over SIP. */
  when?: { path: string; equals: JsonValue };
}

/**
 * What the bindings screen needs to know of a channel: what its address is and how it looks,
 * which settings its connector reads (with the schema it reads them with), and whether callers
 * have a phone number a tester route can name. Labels and help are in the dictionaries under
 * `admin.channels.<channel>` and `admin.settings.<path>`.
 */
export interface ChannelKind {
  address: { pattern: RegExp; example: string; numeric: boolean };
  settings: readonly SettingField[];
  settingsSchema: z.ZodType;
  /** Tester numbers route callers by their phone number: voice and WhatsApp have one, a web page does not. */
  testers: boolean;
}

/**
 * Messaging channels read `inactivityMinutes` only (connectors' MessagingConversations): a
 * positive number of minutes after which the next message starts over; a week at most here.
 */
const MessagingSettings = z.object({ inactivityMinutes: z.number().int().min(1).max(10_080).optional() });

const messagingSettings: readonly SettingField[] = [{ path: 'inactivityMinutes', input: 'number' }];

/**
 * Every channel Griot speaks, one row each. A new channel (USSD short code, SMS, Telegram,
 * Messenger page) joins `Channel` in flows and then fails to compile here until it has its row.
 */
export const channelKinds = {
  voice: {
    // What jambonz sends as `to`: a short code (1919) or a full number (+22921000000).
    address: { pattern: /^\+?[0-9][0-9\s.()-]{1,30}$/, example: '1919', numeric: true },
    settings: [
      { path: 'locale', input: 'text' },
      { path: 'tts.vendor', input: 'text' },
      { path: 'tts.label', input: 'text' },
      { path: 'asr.vendor', input: 'text' },
      { path: 'asr.label', input: 'text' },
      { path: 'handoff.mode', input: 'select', options: ['enqueue', 'sip'] },
      { path: 'handoff.sipUri', input: 'text', when: { path: 'handoff.mode', equals: 'sip' } },
      { path: 'handoff.timeout', input: 'number', when: { path: 'handoff.mode', equals: 'sip' } },
      { path: 'queueMaxWaitSeconds', input: 'number' },
      { path: 'queueAnnounceSeconds', input: 'number' },
      { path: 'holdMusicUrl', input: 'text' },
      { path: 'callbackFrom', input: 'text' },
    ],
    // The schema the voice connector reads the settings with: what passes here is what it uses.
    settingsSchema: VoiceSettings,
    testers: true,
  },
  whatsapp: {
    // Meta's phone number id, digits only (not the phone number itself).
    address: { pattern: /^[0-9]{5,20}$/, example: '100000000000001', numeric: true },
    settings: messagingSettings,
    settingsSchema: MessagingSettings,
    testers: true,
  },
  botframework: {
    // The bot's Microsoft App ID (or BOTFRAMEWORK_BINDING_ADDRESS).
    address: { pattern: /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, example: '00000000-0000-0000-0000-000000000000', numeric: false },
    settings: messagingSettings,
    settingsSchema: MessagingSettings,
    testers: false,
  },
  webchat: {
    // A name for the site the chat is on; the page talks to /chat/<binding id>.
    address: { pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, example: 'site-web', numeric: false },
    settings: messagingSettings,
    settingsSchema: MessagingSettings,
    testers: false,
  },
  sms: {
    // The short code the SMSC gives as deliver_sm's destination_addr (1919), or a long number.
    address: { pattern: /^\+?[0-9]{2,20}$/, example: '1919', numeric: true },
    settings: messagingSettings,
    settingsSchema: MessagingSettings,
    testers: true,
  },
  telegram: {
    // The bot's id: the digits before the colon of TELEGRAM_BOT_TOKEN (getMe's `id`).
    address: { pattern: /^[0-9]{1,20}$/, example: '123456789', numeric: true },
    settings: messagingSettings,
    settingsSchema: MessagingSettings,
    // Tester routes match a subscriber who shared their number with the bot (Telegram vouches for it).
    testers: true,
  },
  messenger: {
    // The Facebook Page id (digits), as Meta names the Page in its webhooks; not the page's name or URL.
    address: { pattern: /^[0-9]{5,20}$/, example: '200000000000001', numeric: true },
    settings: messagingSettings,
    settingsSchema: MessagingSettings,
    // Messenger gives a page-scoped id, never a phone number: tester numbers cannot route its subscribers.
    testers: false,
  },
  ussd: {
    // The service code as the gateway sends it (`serviceCode`), the same check as the API's.
    address: { pattern: /^\*[0-9]{1,10}(\*[0-9]{1,10}){0,5}#$/, example: '*919#', numeric: false },
    // A USSD session is a few minutes at most: the connector reads no binding setting.
    settings: [],
    settingsSchema: z.object({}),
    // Subscribers dial from their phone number: a tester route names it.
    testers: true,
  },
} as const satisfies Record<Channel, ChannelKind>;

export const CHANNELS = Object.keys(channelKinds) as Channel[];

export function channelKindOf(channel: string): ChannelKind | null {
  return (channelKinds as Record<string, ChannelKind>)[channel] ?? null;
}
