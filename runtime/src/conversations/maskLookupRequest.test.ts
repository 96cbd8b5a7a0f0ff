import { describe, expect, it } from 'vitest';
import { Flow, MASK, type Session, type WebhookEffect } from '@griot/flows';
import { maskLookupRequest } from './maskLookupRequest.ts';

const flow = Flow.parse({
  schemaVersion: 2,
  id: 'pin',
  name: 'PIN',
  locales: [{ code: 'fr', name: 'Français' }],
  variables: [
    { name: 'pin', type: 'digits', sensitive: true },
    { name: 'msisdn', type: 'string' },
  ],
  nodes: [
    { id: 'start', type: 'start' },
    { id: 'check', type: 'http', backend: 'operator', url: '/check', responseMapping: [] },
    { id: 'end', type: 'end', reason: 'done' },
  ],
  edges: [
    { id: 'e1', source: 'start', output: 'next', target: 'check' },
    { id: 'e2', source: 'check', output: 'ok', target: 'end' },
  ],
});

const session = { vars: { pin: '48213795', msisdn: '22997000001' } } as unknown as Session;

describe('maskLookupRequest', () => {
  it('masks in the request a tester is shown the sensitive values the flow put there, and credentials by their key', () => {
    const effect: WebhookEffect = {
      type: 'webhook',
      node: 'check',
      method: 'POST',
      backend: 'operator',
      url: '/check/22997000001?pin=48213795&otp_code=5521',
      headers: { Authorization: 'Bearer {{secret.OPERATOR_API_TOKEN}}', 'X-Api-Key': 'live-3f9a8b7c6d5e', 'X-Trace': 'pin 48213795' },
      body: '{"msisdn":"22997000001","code":"48213795","clientSecret":"cs-77aa88bb"}',
      timeoutMs: 4000,
      retries: 0,
    };
    const shown = maskLookupRequest(flow, session, effect);
    expect(shown.url).toBe(`/check/22997000001?pin=${MASK}&otp_code=${MASK}`);
    // Only the secret's name: kept, it tells the tester which secret goes there.
    expect(shown.headers).toEqual({ Authorization: 'Bearer {{secret.OPERATOR_API_TOKEN}}', 'X-Api-Key': MASK, 'X-Trace': `pin ${MASK}` });
    expect(shown.body).toBe(`{"msisdn":"22997000001","code":"${MASK}","clientSecret":"${MASK}"}`);
    // The effect the runtime sends is left as it was.
    expect(effect.body).toContain('48213795');
  });
});
