import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signJambonz, verifyJambonzSignature } from './signature.ts';

const secret = 'wh_secret_6b1f0e';
const body = JSON.stringify({ call_sid: 'CA1', from: '+2290197000001', to: '1919' });
const now = 1_790_000_000;

describe('verifyJambonzSignature', () => {
  it('accepts the header jambonz computes: HMAC-SHA256 of "<t>.<raw body>"', () => {
    const mac = createHmac('sha256', secret).update(`${now}.${body}`).digest('hex');
    expect(verifyJambonzSignature(secret, `t=${now},v1=${mac}`, body, now)).toEqual({ ok: true });
    expect(verifyJambonzSignature(secret, signJambonz(secret, body, now - 10), Buffer.from(body), now)).toEqual({ ok: true });
  });

  it('refuses a forged, missing, malformed or stale signature', () => {
    expect(verifyJambonzSignature(secret, signJambonz('other', body, now), body, now)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyJambonzSignature(secret, signJambonz(secret, body, now), `${body} `, now)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyJambonzSignature(secret, undefined, body, now)).toEqual({ ok: false, reason: 'missing' });
    expect(verifyJambonzSignature(secret, 'v1=abc', body, now)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyJambonzSignature(secret, signJambonz(secret, body, now - 301), body, now)).toEqual({ ok: false, reason: 'stale' });
  });

  it('accepts any one of several signatures (secret rotation)', () => {
    const good = signJambonz(secret, body, now).split(',')[1];
    expect(verifyJambonzSignature(secret, `t=${now},v1=${'0'.repeat(64)},${good}`, body, now)).toEqual({ ok: true });
  });
});
