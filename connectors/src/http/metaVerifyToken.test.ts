import * as crypto from 'node:crypto';
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { metaWebhookRouter } from './metaWebhookRouter.ts';

// The real compare, watched: which lengths it is given is what a guesser could time.
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof crypto>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

const TOKEN = 'un-jeton-de-verification-assez-long';
let server: Server;
let url: string;

beforeAll(async () => {
  const app = express();
  app.use(
    metaWebhookRouter({
      channel: 'whatsapp',
      label: 'WhatsApp',
      verifyToken: TOKEN,
      appSecret: 'app-secret',
      appSecretVariable: 'WHATSAPP_APP_SECRET',
      routerName: 'whatsappRouter',
      carries: 'messages',
      acceptsKeptRawBody: false,
      accept: async () => ({ status: 'recorded' }),
      received: { contentType: 'text/plain', body: 'EVENT_RECEIVED' },
    }),
  );
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/whatsapp/webhook?hub.mode=subscribe&hub.challenge=42&hub.verify_token=`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('Meta webhook verify token', () => {
  it('is compared whole whatever the length of a guess: no early answer that tells a guesser the token’s length', async () => {
    const compare = vi.mocked(crypto.timingSafeEqual);
    const guesses = ['x', 'x'.repeat(TOKEN.length), 'x'.repeat(TOKEN.length * 3), TOKEN];
    const statuses: number[] = [];
    for (const guess of guesses) {
      compare.mockClear();
      statuses.push((await fetch(`${url}${encodeURIComponent(guess)}`)).status);
      // One compare per guess, always of two 32-byte digests, never of the token's own bytes.
      expect(
        compare.mock.calls.map(([a, b]) => [a.byteLength, b.byteLength]),
        guess,
      ).toEqual([[32, 32]]);
    }
    expect(statuses).toEqual([403, 403, 403, 200]);
  });
});
