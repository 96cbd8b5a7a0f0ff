import { ChannelConfigError } from '../channel/ChannelConfigError.ts';
import { TelegramApi } from './TelegramApi.ts';
import { readTelegramConfig } from './telegramConfig.ts';

/** What Griot reads from Telegram: the updates it answers, nothing else (fewer deliveries, less to refuse). */
export const TELEGRAM_ALLOWED_UPDATES = ['message', 'callback_query'] as const;

/**
 * Points the bot's webhook at Griot: `setWebhook` with `<publicUrl>/telegram/webhook`, the
 * webhook's secret (TELEGRAM_WEBHOOK_SECRET, which Telegram then sends with every update) and
 * the update types Griot reads. Telegram only calls HTTPS URLs on ports 443, 80, 88 or 8443.
 * Returns what to tell the operator; throws a `ChannelConfigError` on a missing setting.
 */
export async function setTelegramWebhook(env: Record<string, string | undefined>, publicUrl: string): Promise<{ ok: boolean; message: string }> {
  const config = readTelegramConfig(env);
  if (!config.botToken) throw new ChannelConfigError('TELEGRAM_BOT_TOKEN', 'is required to set the webhook');
  if (!config.webhookSecret) throw new ChannelConfigError('TELEGRAM_WEBHOOK_SECRET', 'is required: without it Griot refuses every update in production');
  let url: URL;
  try {
    url = new URL(publicUrl);
  } catch {
    return { ok: false, message: `${publicUrl} is not a URL` };
  }
  // Under Griot's own path, when it is served under one (https://example.com/griot).
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/telegram/webhook`;
  const api = new TelegramApi({
    baseUrl: config.apiBaseUrl,
    token: config.botToken,
    timeoutMs: config.sendTimeoutMs,
    retries: config.sendRetries,
    maxRetryAfterSeconds: config.maxRetryAfterSeconds,
    backoff: { baseMs: 500, maxMs: 5_000 },
  });
  try {
    const result = await api.call('setWebhook', { url: url.toString(), secret_token: config.webhookSecret, allowed_updates: TELEGRAM_ALLOWED_UPDATES });
    return result.outcome === 'ok'
      ? { ok: true, message: `Telegram now sends the bot's updates to ${url.toString()}` }
      : { ok: false, message: `Telegram did not set the webhook: ${result.description}` };
  } finally {
    api.close();
  }
}
