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

  it('reads the header as jambonz may space it, and only its t and v1 parts', () => {
    const mac = createHmac('sha256', secret).update(`${now}.${body}`).digest('hex');
    const read = (header: string) => verifyJambonzSignature(secret, header, body, now);
    expect(read(` t = ${now} , v1 = ${mac.toUpperCase()} `)).toEqual({ ok: true });
    expect(read(`v0=x,t=${now},,scheme,v1=${mac},`)).toEqual({ ok: true });
    expect(read(`t${now},v1=${mac}`)).toEqual({ ok: false, reason: 'malformed' });
    expect(read(`t=${now},v1${mac}`)).toEqual({ ok: false, reason: 'malformed' });
    expect(read(`t=${now},v1=${mac}0`)).toEqual({ ok: false, reason: 'malformed' });
    expect(read(`t=${now},v1=${mac.slice(0, 62)}`)).toEqual({ ok: false, reason: 'malformed' });
    // The last timestamp counts, as before.
    expect(read(`t=${now - 1000},v1=${mac},t=${now}`)).toEqual({ ok: true });
    expect(read(`t=${now},v1=${mac},t=${now - 1000}`)).toEqual({ ok: false, reason: 'stale' });
    // Another secret after a good one: each call computes with its own.
    expect(verifyJambonzSignature('other-secret', `t=${now},v1=${mac}`, body, now)).toEqual({ ok: false, reason: 'mismatch' });
    expect(read(`t=${now},v1=${mac}`)).toEqual({ ok: true });
  });

  it('computes the same HMAC-SHA256 as createHmac for any secret and body (long, non-ASCII, empty, large)', () => {
    const secrets = [secret, 'é'.repeat(40), 'k'.repeat(64), 'k'.repeat(65), 's'.repeat(200), 'x'];
    const bodies = ['', body, 'ünïcødé ☎ 1919', 'b'.repeat(300_000)];
    for (const key of secrets) {
      for (const text of bodies) {
        const mac = createHmac('sha256', key).update(`${now}.${text}`).digest('hex');
        expect(verifyJambonzSignature(key, `t=${now},v1=${mac}`, text, now)).toEqual({ ok: true });
        expect(verifyJambonzSignature(key, `t=${now},v1=${mac}`, Buffer.from(text), now)).toEqual({ ok: true });
        // One bit off in the body, the timestamp or the secret: refused.
        expect(verifyJambonzSignature(key, `t=${now},v1=${mac}`, `${text}.`, now)).toEqual({ ok: false, reason: 'mismatch' });
        expect(verifyJambonzSignature(key, `t=${now + 1},v1=${mac}`, text, now)).toEqual({ ok: false, reason: 'mismatch' });
        expect(verifyJambonzSignature(`${key}!`, `t=${now},v1=${mac}`, text, now)).toEqual({ ok: false, reason: 'mismatch' });
      }
    }
  });

  it("leaves the webhook secret nowhere in Node's shared buffer pool", () => {
    const slab = () => Buffer.from(Buffer.allocUnsafe(1).buffer);
    const rotated = 'wh_secret_rotated_41d7c2';
    // The secret's bytes to look for, made outside the pool.
    const bytes = Buffer.alloc(rotated.length);
    bytes.write(rotated);
    // Signed as jambonz does, with the key as bytes (`createHmac` copies a string key into the pool).
    const header = `t=${now},v1=${createHmac('sha256', bytes).update(`${now}.${body}`).digest('hex')}`;
    const before = slab();
    expect(verifyJambonzSignature(rotated, header, body, now)).toEqual({ ok: true });
    for (const pool of [before, slab()]) expect(pool.includes(bytes)).toBe(false);
  });

  it('accepts any one of several signatures (secret rotation)', () => {
    const good = signJambonz(secret, body, now).split(',')[1];
    expect(verifyJambonzSignature(secret, `t=${now},v1=${'0'.repeat(64)},${good}`, body, now)).toEqual({ ok: true });
  });
});
