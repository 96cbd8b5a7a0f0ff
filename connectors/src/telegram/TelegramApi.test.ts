import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TelegramApi } from './TelegramApi.ts';
import { startFakeTelegramApi, type FakeTelegramApi } from './testing/fakeTelegramApi.ts';

let fake: FakeTelegramApi;
beforeAll(async () => {
  fake = await startFakeTelegramApi();
});
afterAll(() => fake.close());

const api = (overrides: Partial<ConstructorParameters<typeof TelegramApi>[0]> = {}) =>
  new TelegramApi({
    baseUrl: fake.url,
    token: fake.token,
    timeoutMs: 1000,
    retries: 2,
    maxRetryAfterSeconds: 5,
    backoff: { baseMs: 1, maxMs: 5 },
    ...overrides,
  });

describe('TelegramApi', () => {
  it('calls POST /bot<token>/<method> and returns the result', async () => {
    expect(await api().call('getMe', {})).toMatchObject({ outcome: 'ok', result: { id: fake.botId, username: fake.username } });
    expect(await api().call('sendMessage', { chat_id: 1, text: 'Bonjour' })).toMatchObject({ outcome: 'ok', result: { message_id: expect.any(Number) } });
  });

  it('does not retry what Telegram refused, and says why without the token', async () => {
    const result = await api().call('sendMessage', { chat_id: 1, text: 'x'.repeat(4097) });
    expect(result).toEqual({ outcome: 'rejected', status: 400, description: 'sendMessage: Bad Request: message is too long', attempts: 1 });
    const wrongToken = await api({ token: '1:AAWrongTokenWrongTokenWrongToken' }).call('getMe', {});
    expect(wrongToken).toMatchObject({ outcome: 'rejected', status: 401 });
    expect(JSON.stringify(wrongToken)).not.toContain('AAWrongToken');
  });

  it('gives a flood wait longer than it may sit through back to the caller at once', async () => {
    fake.failNext({ status: 429, retryAfter: 60 });
    const began = Date.now();
    expect(await api().call('sendMessage', { chat_id: 1, text: 'x' })).toMatchObject({ outcome: 'unavailable', status: 429, retryAfterSeconds: 60, attempts: 1 });
    expect(Date.now() - began).toBeLessThan(1000);
  });

  it('retries a 5xx, and never a call that timed out (Telegram may have sent it)', async () => {
    fake.failNext({ status: 502 });
    expect(await api().call('sendMessage', { chat_id: 1, text: 'x' })).toMatchObject({ outcome: 'ok', attempts: 2 });
    fake.failNext({ delayMs: 300 });
    const before = fake.calls.length;
    expect(await api({ timeoutMs: 100 }).call('sendMessage', { chat_id: 1, text: 'lent' })).toMatchObject({ outcome: 'uncertain', attempts: 1 });
    await new Promise((r) => setTimeout(r, 350));
    expect(fake.calls.length).toBe(before + 1);
  });
});
