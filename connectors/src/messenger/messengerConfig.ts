import { z } from 'zod';
import { ChannelConfigError } from '../channel/ChannelConfigError.ts';

const optionalText = z.string().trim().min(1).optional();
const whole = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** The Messenger Platform settings, read from the environment. */
const MessengerEnv = z.object({
  /** Compared with `hub.verify_token` in Meta's subscription handshake. */
  MESSENGER_VERIFY_TOKEN: optionalText,
  /** The Meta app secret: signs every webhook (`X-Hub-Signature-256`). Unset: every webhook is refused. */
  MESSENGER_APP_SECRET: optionalText,
  /** The app secret being replaced, during a rotation: webhooks signed with it are still accepted (nothing is signed with it). */
  MESSENGER_APP_SECRET_PREVIOUS: optionalText,
  /** The Page access token (`pages_messaging`): sends the replies. Never logged. */
  MESSENGER_PAGE_ACCESS_TOKEN: optionalText,
  /**
   * The payload of the Page's Get Started button (and of any persistent-menu item meant to begin
   * again): a postback carrying it starts the flow over, as Telegram's « /start » does.
   */
  MESSENGER_GET_STARTED_PAYLOAD: z.string().trim().min(1).max(1000).default('GET_STARTED'),
  MESSENGER_GRAPH_BASE_URL: z.url({ protocol: /^https?$/ }).default('https://graph.facebook.com'),
  MESSENGER_GRAPH_VERSION: z
    .string()
    .trim()
    .regex(/^v[0-9]+\.[0-9]+$/, 'must look like v25.0')
    .default('v25.0'),
  MESSENGER_SEND_TIMEOUT_MS: whole(100, 120_000).default(10_000),
  MESSENGER_SEND_RETRIES: whole(0, 10).default(3),
  /** Messages waiting to be processed before webhooks are answered 503 (Meta re-delivers). */
  MESSENGER_MAX_PENDING: whole(1, 1_000_000).default(10_000),
  /** Events of one person waiting before their new ones are refused (503, Meta re-delivers) while others still get in. */
  MESSENGER_MAX_PENDING_PER_SENDER: whole(1, 1_000_000).default(100),
  /** How long a process holds a message it is processing (renewed meanwhile): after a crash, another takes it over then. */
  MESSENGER_LEASE_SECONDS: whole(1, 600).default(15),
  /** Attempts at processing a message before it is given up on (listed as failed). */
  MESSENGER_MAX_ATTEMPTS: whole(1, 50).default(5),
});

export interface MessengerConfig {
  verifyToken?: string;
  appSecret?: string;
  /** The previous app secret while it is rotated: accepted on webhooks, never used otherwise. */
  previousAppSecret?: string;
  pageAccessToken?: string;
  /** The Get Started button's postback payload: begins the contact again. */
  getStartedPayload: string;
  graphBaseUrl: string;
  graphVersion: string;
  sendTimeoutMs: number;
  sendRetries: number;
  maxPending: number;
  maxPendingPerSender: number;
  leaseSeconds: number;
  maxAttempts: number;
}

/** Reads the MESSENGER_* variables; a `ChannelConfigError` names one that is invalid. Empty counts as unset. */
export function readMessengerConfig(env: Record<string, string | undefined>): MessengerConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('MESSENGER_') && v !== undefined && v.trim() !== ''));
  const parsed = MessengerEnv.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ChannelConfigError(String(issue.path[0]), issue.message);
  }
  const e = parsed.data;
  return {
    ...(e.MESSENGER_VERIFY_TOKEN ? { verifyToken: e.MESSENGER_VERIFY_TOKEN } : {}),
    ...(e.MESSENGER_APP_SECRET ? { appSecret: e.MESSENGER_APP_SECRET } : {}),
    ...(e.MESSENGER_APP_SECRET_PREVIOUS ? { previousAppSecret: e.MESSENGER_APP_SECRET_PREVIOUS } : {}),
    ...(e.MESSENGER_PAGE_ACCESS_TOKEN ? { pageAccessToken: e.MESSENGER_PAGE_ACCESS_TOKEN } : {}),
    getStartedPayload: e.MESSENGER_GET_STARTED_PAYLOAD,
    graphBaseUrl: e.MESSENGER_GRAPH_BASE_URL.replace(/\/+$/, ''),
    graphVersion: e.MESSENGER_GRAPH_VERSION,
    sendTimeoutMs: e.MESSENGER_SEND_TIMEOUT_MS,
    sendRetries: e.MESSENGER_SEND_RETRIES,
    maxPending: e.MESSENGER_MAX_PENDING,
    maxPendingPerSender: e.MESSENGER_MAX_PENDING_PER_SENDER,
    leaseSeconds: e.MESSENGER_LEASE_SECONDS,
    maxAttempts: e.MESSENGER_MAX_ATTEMPTS,
  };
}

/** Whether Messenger can work: webhooks checked (the app secret) and replies sent (the Page token). */
export function messengerConfigured(env: Record<string, string | undefined>): boolean {
  return Boolean(env.MESSENGER_APP_SECRET?.trim() && env.MESSENGER_PAGE_ACCESS_TOKEN?.trim());
}
