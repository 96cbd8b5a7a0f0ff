import { z } from 'zod';
import { ChannelConfigError } from '../channel/ChannelConfigError.ts';

const whole = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/**
 * A bot token as BotFather gives it: the bot's id, a colon, a secret. The id is the bot's
 * address in bindings; the rest is never logged.
 */
const BOT_TOKEN = /^([0-9]{1,20}):[A-Za-z0-9_-]{20,100}$/;

/** The Telegram Bot API settings, read from the environment. */
/** The webhook's secret token, as Telegram allows it, at least MIN_WEBHOOK_SECRET_LENGTH long. */
export const MIN_WEBHOOK_SECRET_LENGTH = 16;
const WebhookSecret = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,256}$/, 'must be 1-256 characters among A-Z, a-z, 0-9, _ and -')
  .min(MIN_WEBHOOK_SECRET_LENGTH, `must be at least ${MIN_WEBHOOK_SECRET_LENGTH} characters (a random secret: anyone who guesses it sends updates as any Telegram user)`);

const TelegramEnv = z.object({
  TELEGRAM_BOT_TOKEN: z.string().trim().regex(BOT_TOKEN, 'must look like 123456789:AA… (the token BotFather gives)').optional(),
  /**
   * Given to setWebhook as `secret_token`: every update then carries it in X-Telegram-Bot-Api-Secret-Token. Telegram allows 1–256 of
   * A–Z, a–z, 0–9, _ and -; Griot asks for 16 at least: it is all that tells Telegram's updates from forged ones (a contact card
   * claiming a number, whose account is then read back to the forger's own chat), and guesses at it are not throttled.
   */
  TELEGRAM_WEBHOOK_SECRET: WebhookSecret.optional(),
  /** The secret being replaced, during a rotation: updates carrying it are still accepted (setWebhook gets the new one). */
  TELEGRAM_WEBHOOK_SECRET_PREVIOUS: WebhookSecret.optional(),
  TELEGRAM_API_BASE_URL: z.url({ protocol: /^https?$/ }).default('https://api.telegram.org'),
  TELEGRAM_SEND_TIMEOUT_MS: whole(100, 120_000).default(10_000),
  /** Retries of a call Telegram did not take (429, 5xx, no connection). */
  TELEGRAM_SEND_RETRIES: whole(0, 10).default(3),
  /** A 429's `retry_after` is waited out up to this; longer, the message is tried again later by the inbox. */
  TELEGRAM_MAX_RETRY_AFTER_SECONDS: whole(1, 300).default(30),
  /** Updates waiting to be processed before webhooks are answered 503 (Telegram re-delivers). */
  TELEGRAM_MAX_PENDING: whole(1, 1_000_000).default(10_000),
  /** Updates of one chat waiting before its new ones are refused (503, Telegram re-delivers) while other chats still get in. */
  TELEGRAM_MAX_PENDING_PER_SENDER: whole(1, 1_000_000).default(100),
  /** How long a process holds an update it is processing (renewed meanwhile): after a crash, another takes it over then. */
  TELEGRAM_LEASE_SECONDS: whole(1, 600).default(15),
  /** Attempts at processing an update before it is given up on (listed as failed). */
  TELEGRAM_MAX_ATTEMPTS: whole(1, 50).default(5),
});

export interface TelegramConfig {
  /** Secret: never logged, never in an error message (it is in every API URL). */
  botToken?: string;
  /** The bot's id, the number before the colon of its token: its address in bindings. */
  botId?: string;
  webhookSecret?: string;
  /** TELEGRAM_WEBHOOK_SECRET_PREVIOUS: accepted on updates during a rotation, never given to setWebhook. */
  previousWebhookSecret?: string;
  apiBaseUrl: string;
  sendTimeoutMs: number;
  sendRetries: number;
  maxRetryAfterSeconds: number;
  maxPending: number;
  maxPendingPerSender: number;
  leaseSeconds: number;
  maxAttempts: number;
}

/** Reads the TELEGRAM_* variables; a `ChannelConfigError` names one that is invalid, never its value. Empty counts as unset. */
export function readTelegramConfig(env: Record<string, string | undefined>): TelegramConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('TELEGRAM_') && v !== undefined && v.trim() !== ''));
  const parsed = TelegramEnv.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ChannelConfigError(String(issue.path[0]), issue.message);
  }
  const e = parsed.data;
  return {
    ...(e.TELEGRAM_BOT_TOKEN ? { botToken: e.TELEGRAM_BOT_TOKEN, botId: telegramBotIdOf(e.TELEGRAM_BOT_TOKEN) } : {}),
    ...(e.TELEGRAM_WEBHOOK_SECRET ? { webhookSecret: e.TELEGRAM_WEBHOOK_SECRET } : {}),
    ...(e.TELEGRAM_WEBHOOK_SECRET_PREVIOUS ? { previousWebhookSecret: e.TELEGRAM_WEBHOOK_SECRET_PREVIOUS } : {}),
    apiBaseUrl: e.TELEGRAM_API_BASE_URL.replace(/\/+$/, ''),
    sendTimeoutMs: e.TELEGRAM_SEND_TIMEOUT_MS,
    sendRetries: e.TELEGRAM_SEND_RETRIES,
    maxRetryAfterSeconds: e.TELEGRAM_MAX_RETRY_AFTER_SECONDS,
    maxPending: e.TELEGRAM_MAX_PENDING,
    maxPendingPerSender: e.TELEGRAM_MAX_PENDING_PER_SENDER,
    leaseSeconds: e.TELEGRAM_LEASE_SECONDS,
    maxAttempts: e.TELEGRAM_MAX_ATTEMPTS,
  };
}

/** The bot's id from its token (the digits before the colon), or undefined when it is not a bot token. */
export function telegramBotIdOf(token: string | undefined): string | undefined {
  return token ? BOT_TOKEN.exec(token.trim())?.[1] : undefined;
}
