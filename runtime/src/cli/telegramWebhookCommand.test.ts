import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeTelegramApi, type FakeTelegramApi } from '@griot/connectors/messaging/testing';
import { telegramWebhookCommand } from './telegramWebhookCommand.ts';

let api: FakeTelegramApi;
beforeAll(async () => {
  api = await startFakeTelegramApi();
});
afterAll(() => api.close());

describe('griot telegram set-webhook', () => {
  it('points the webhook at <publicUrl>/telegram/webhook with the secret token and the updates Griot reads', async () => {
    const lines: string[] = [];
    const env = { TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_WEBHOOK_SECRET: 'the-webhook-secret-16', TELEGRAM_API_BASE_URL: api.url };
    expect(await telegramWebhookCommand('https://griot.example.com/', env, (l) => lines.push(l))).toBe(0);
    expect(api.calls.at(-1)).toMatchObject({
      method: 'setWebhook',
      authorized: true,
      params: { url: 'https://griot.example.com/telegram/webhook', secret_token: 'the-webhook-secret-16', allowed_updates: ['message', 'callback_query'] },
    });
    expect(lines).toEqual(["Telegram now sends the bot's updates to https://griot.example.com/telegram/webhook"]);
    // The token is never printed.
    expect(lines.join('\n')).not.toContain(api.token.split(':')[1]);
  });

  it('needs the secret: without it every update would be refused in production', async () => {
    await expect(telegramWebhookCommand('https://griot.example.com', { TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_API_BASE_URL: api.url }, () => {})).rejects.toMatchObject({
      message: expect.stringContaining('TELEGRAM_WEBHOOK_SECRET'),
    });
  });
});
