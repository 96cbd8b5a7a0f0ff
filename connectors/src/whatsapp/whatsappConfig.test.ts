import { describe, expect, it } from 'vitest';
import { readWhatsAppConfig } from './whatsappConfig.ts';

describe('readWhatsAppConfig', () => {
  it('defaults to Meta’s Graph API, v21.0, three retries; a 15-second lease, five attempts', () => {
    expect(readWhatsAppConfig({})).toEqual({
      graphBaseUrl: 'https://graph.facebook.com',
      graphVersion: 'v21.0',
      sendTimeoutMs: 10_000,
      sendRetries: 3,
      maxPending: 10_000,
      maxPendingPerSender: 100,
      leaseSeconds: 15,
      maxAttempts: 5,
    });
  });

  it('reads the secrets and a template, and treats empty values as unset', () => {
    const config = readWhatsAppConfig({
      WHATSAPP_APP_SECRET: 's',
      WHATSAPP_VERIFY_TOKEN: 'v',
      WHATSAPP_ACCESS_TOKEN: 't',
      WHATSAPP_TEMPLATE_NAME: 'reprise',
      WHATSAPP_GRAPH_BASE_URL: 'http://127.0.0.1:9999/',
      WHATSAPP_GRAPH_VERSION: 'v22.0',
      WHATSAPP_SEND_RETRIES: '',
    });
    expect(config).toMatchObject({
      appSecret: 's',
      verifyToken: 'v',
      accessToken: 't',
      graphBaseUrl: 'http://127.0.0.1:9999',
      graphVersion: 'v22.0',
      sendRetries: 3,
      template: { name: 'reprise', language: 'fr' },
    });
  });

  it('names the variable that is wrong', () => {
    expect(() => readWhatsAppConfig({ WHATSAPP_GRAPH_VERSION: '21' })).toThrow(/WHATSAPP_GRAPH_VERSION/);
    expect(() => readWhatsAppConfig({ WHATSAPP_LEASE_SECONDS: '0' })).toThrow(/WHATSAPP_LEASE_SECONDS/);
  });
});
