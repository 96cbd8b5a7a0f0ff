import { describe, expect, it } from 'vitest';
import { readTelegramConfig } from './telegramConfig.ts';

describe('readTelegramConfig', () => {
  it('defaults to the public Bot API; the bot id comes from the token', () => {
    expect(readTelegramConfig({})).toEqual({
      apiBaseUrl: 'https://api.telegram.org',
      sendTimeoutMs: 10_000,
      sendRetries: 3,
      maxRetryAfterSeconds: 30,
      maxPending: 10_000,
      maxPendingPerSender: 100,
      leaseSeconds: 15,
      maxAttempts: 5,
    });
    expect(readTelegramConfig({ TELEGRAM_BOT_TOKEN: '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw', TELEGRAM_API_BASE_URL: 'http://127.0.0.1:9/' })).toMatchObject({
      botId: '123456789',
      apiBaseUrl: 'http://127.0.0.1:9',
    });
  });

  it('names the wrong variable, never its value', () => {
    const token = 'not-a-token-secret-value';
    expect(() => readTelegramConfig({ TELEGRAM_BOT_TOKEN: token })).toThrow(/^TELEGRAM_BOT_TOKEN: /);
    try {
      readTelegramConfig({ TELEGRAM_BOT_TOKEN: token });
    } catch (error) {
      expect(String(error)).not.toContain(token);
    }
    expect(() => readTelegramConfig({ TELEGRAM_WEBHOOK_SECRET: 'has spaces' })).toThrow(/TELEGRAM_WEBHOOK_SECRET/);
    // The secret is all that tells Telegram's updates from forged ones (a contact card claiming a number, then its
    // account read back to the forger's own chat), and nothing throttles guesses at it: 16 characters at least.
    expect(() => readTelegramConfig({ TELEGRAM_WEBHOOK_SECRET: 'hook-secret' })).toThrow(/^TELEGRAM_WEBHOOK_SECRET: .*at least 16 characters/);
    expect(() => readTelegramConfig({ TELEGRAM_WEBHOOK_SECRET: 'hook-secret-0123456', TELEGRAM_WEBHOOK_SECRET_PREVIOUS: 'a' })).toThrow(/^TELEGRAM_WEBHOOK_SECRET_PREVIOUS: /);
    expect(readTelegramConfig({ TELEGRAM_WEBHOOK_SECRET: 'hook-secret-0123456' }).webhookSecret).toBe('hook-secret-0123456');
  });
});
