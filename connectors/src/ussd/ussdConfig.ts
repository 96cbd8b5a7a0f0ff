import { BlockList, isIP } from 'node:net';
import { z } from 'zod';
import { Channel as ChannelIds, LocaleCode, type Channel } from '@griot/flows';
import { ChannelConfigError } from '../channel/ChannelConfigError.ts';

const whole = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** The USSD gateway callback's settings, read from the environment (empty counts as unset). */
const UssdEnv = z.object({
  /** A secret the gateway sends with every callback (`?token=` in the callback URL, or `Authorization: Bearer`). */
  USSD_CALLBACK_TOKEN: z.string().trim().min(16, 'must be at least 16 characters (a random secret)').max(200).optional(),
  /** The token being replaced, during a rotation: callbacks carrying it are still accepted. */
  USSD_CALLBACK_TOKEN_PREVIOUS: z.string().trim().min(16, 'must be at least 16 characters (a random secret)').max(200).optional(),
  /** Addresses the callbacks may come from: comma-separated IPs and CIDR blocks (`196.201.214.0/24`). */
  USSD_ALLOWED_IPS: z.string().trim().optional(),
  /** How long a screen may wait for the flow's look-ups before the session ends politely (gateways wait a few seconds). */
  USSD_LOOKUP_BUDGET_MS: whole(100, 30_000).default(2000),
  /** The channel a look-up's late answer is sent by (`none`: not sent). */
  USSD_FOLLOW_UP_CHANNEL: z.string().trim().default('sms'),
  /** How long a late look-up's answer is waited for, to send it by the follow-up channel. */
  USSD_FOLLOW_UP_WAIT_SECONDS: whole(1, 600).default(60),
  /** The language of the channel's own words before a session has one (an unknown service code). */
  USSD_LOCALE: LocaleCode.default('fr'),
  /** Sessions whose requests may wait in this process before the next ones are answered "try again later". */
  USSD_MAX_PENDING: whole(1, 1_000_000).default(10_000),
  /** Requests of one phone number that may wait (a subscriber has one screen open at a time): past it theirs are answered "busy" while others still get in. */
  USSD_MAX_PENDING_PER_SENDER: whole(1, 1_000_000).default(20),
  /** How long the gateway waits for an answer before it drops the session; Griot answers within 80 % of it. */
  USSD_GATEWAY_TIMEOUT_MS: whole(250, 60_000).default(5000),
});

/** The share of the gateway's timeout Griot may use: the rest is for the network and the gateway itself. */
const ANSWER_SHARE = 0.8;

export interface UssdConfig {
  /** Absent: no token asked (development only, unless an address allow-list is set: see `access`). */
  callbackToken?: string;
  /** USSD_CALLBACK_TOKEN_PREVIOUS: also accepted while the token is rotated (only beside a current one). */
  previousCallbackToken?: string;
  allowedIps?: { list: BlockList; text: string };
  lookupBudgetMs: number;
  /** Undefined: no follow-up (`none`, or a channel this build does not have). */
  followUpChannel?: Channel;
  followUpWaitMs: number;
  locale: string;
  maxPending: number;
  maxPendingPerSender: number;
  gatewayTimeoutMs: number;
  /** A request not answered this long after it arrived gets `END` "busy" (it is shed): 80 % of the gateway's timeout. */
  answerWithinMs: number;
  /** Who may call `/ussd`: a token and/or addresses (`guarded`), anyone (`open`, development), or no one (`refused`, production without a token). */
  access: 'guarded' | 'open' | 'refused';
}

/**
 * Reads the USSD_* variables; a `ChannelConfigError` names one that is invalid. In production a
 * callback token is required: without one every callback is refused (403) and the channel says
 * so at start. An address allow-list alone is not enough there: behind a proxy or a NAT it
 * silently lets everyone in or no one, and the callback URL can always carry a token.
 */
export function readUssdConfig(env: Record<string, string | undefined>, production: boolean): UssdConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('USSD_') && v !== undefined && v.trim() !== ''));
  const parsed = UssdEnv.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ChannelConfigError(String(issue.path[0]), issue.message);
  }
  const e = parsed.data;
  const allowedIps = e.USSD_ALLOWED_IPS ? { list: allowList(e.USSD_ALLOWED_IPS), text: e.USSD_ALLOWED_IPS } : undefined;
  let followUpChannel: Channel | undefined;
  if (e.USSD_FOLLOW_UP_CHANNEL !== 'none') {
    const channel = ChannelIds.safeParse(e.USSD_FOLLOW_UP_CHANNEL);
    if (channel.success && channel.data !== 'ussd' && channel.data !== 'voice') followUpChannel = channel.data;
    // The default names the SMS channel, which a build may not have: then there is no follow-up. A value set by hand must be right.
    else if (present.USSD_FOLLOW_UP_CHANNEL !== undefined) {
      throw new ChannelConfigError('USSD_FOLLOW_UP_CHANNEL', `must be a channel that can write first (${ChannelIds.options.filter((c) => c !== 'ussd' && c !== 'voice').join(', ')}) or none`);
    }
  }
  return {
    ...(e.USSD_CALLBACK_TOKEN ? { callbackToken: e.USSD_CALLBACK_TOKEN } : {}),
    ...(e.USSD_CALLBACK_TOKEN && e.USSD_CALLBACK_TOKEN_PREVIOUS ? { previousCallbackToken: e.USSD_CALLBACK_TOKEN_PREVIOUS } : {}),
    ...(allowedIps ? { allowedIps } : {}),
    lookupBudgetMs: e.USSD_LOOKUP_BUDGET_MS,
    ...(followUpChannel ? { followUpChannel } : {}),
    followUpWaitMs: e.USSD_FOLLOW_UP_WAIT_SECONDS * 1000,
    locale: e.USSD_LOCALE,
    maxPending: e.USSD_MAX_PENDING,
    maxPendingPerSender: e.USSD_MAX_PENDING_PER_SENDER,
    gatewayTimeoutMs: e.USSD_GATEWAY_TIMEOUT_MS,
    answerWithinMs: Math.floor(e.USSD_GATEWAY_TIMEOUT_MS * ANSWER_SHARE),
    access: e.USSD_CALLBACK_TOKEN ? 'guarded' : production ? 'refused' : allowedIps ? 'guarded' : 'open',
  };
}

/**
 * Comma-separated addresses and CIDR blocks (`196.201.214.200, 196.201.214.0/24, 2001:db8::/32`)
 * as a BlockList; a wrong entry names `variable`. The prefix is decimal digits only: `10.0.0.0/`
 * read as `/0` would allow every address (`Number('')` is 0), `/0x8` or `/1e1` are typos.
 */
export function allowList(text: string, variable = 'USSD_ALLOWED_IPS'): BlockList {
  const list = new BlockList();
  for (const entry of text
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '')) {
    const [address = '', bits, ...more] = entry.split('/');
    const family = isIP(address);
    const prefix = bits === undefined ? undefined : /^\d{1,3}$/.test(bits) ? Number(bits) : Number.NaN;
    if (family === 0 || more.length > 0 || (prefix !== undefined && (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)))) {
      throw new ChannelConfigError(variable, `"${entry}" is not an IP address or a CIDR block (comma-separated, e.g. 196.201.214.0/24)`);
    }
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, prefix, type);
  }
  return list;
}
