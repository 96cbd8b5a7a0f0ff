import { describe, expect, it } from 'vitest';
import { messengerConfigured, readMessengerConfig } from './messengerConfig.ts';

describe('readMessengerConfig', () => {
  it('defaults to Meta’s Graph API v25.0, three retries, a 15-second lease, five attempts, « GET_STARTED » for Get Started; no secret, no token', () => {
    expect(readMessengerConfig({})).toEqual({
      getStartedPayload: 'GET_STARTED',
      graphBaseUrl: 'https://graph.facebook.com',
      graphVersion: 'v25.0',
      sendTimeoutMs: 10_000,
      sendRetries: 3,
      maxPending: 10_000,
      maxPendingPerSender: 100,
      leaseSeconds: 15,
      maxAttempts: 5,
    });
  });

  it('reads the secrets and the Graph address, treating empty values as unset, and names a wrong variable', () => {
    expect(
      readMessengerConfig({
        MESSENGER_APP_SECRET: 's',
        MESSENGER_VERIFY_TOKEN: 'v',
        MESSENGER_PAGE_ACCESS_TOKEN: 't',
        MESSENGER_GRAPH_BASE_URL: 'http://127.0.0.1:9999/',
        MESSENGER_GRAPH_VERSION: 'v21.0',
        MESSENGER_SEND_RETRIES: '',
      }),
    ).toMatchObject({ appSecret: 's', verifyToken: 'v', pageAccessToken: 't', graphBaseUrl: 'http://127.0.0.1:9999', graphVersion: 'v21.0', sendRetries: 3 });
    expect(() => readMessengerConfig({ MESSENGER_GRAPH_VERSION: '21' })).toThrow(/^MESSENGER_GRAPH_VERSION: must look like v25.0$/);
    expect(() => readMessengerConfig({ MESSENGER_GRAPH_BASE_URL: 'ftp://graph' })).toThrow(/MESSENGER_GRAPH_BASE_URL/);
  });

  it('counts Messenger as configured only with both the app secret and the Page token', () => {
    expect(messengerConfigured({ MESSENGER_APP_SECRET: 's' })).toBe(false);
    expect(messengerConfigured({ MESSENGER_APP_SECRET: 's', MESSENGER_PAGE_ACCESS_TOKEN: ' ' })).toBe(false);
    expect(messengerConfigured({ MESSENGER_APP_SECRET: 's', MESSENGER_PAGE_ACCESS_TOKEN: 't' })).toBe(true);
  });
});
