import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifySignature } from './verifySignature.ts';
import { signBody } from '../whatsapp/testing/signBody.ts';

const secret = 'app-secret';
const body = Buffer.from('{"object":"whatsapp_business_account","entry":[]}');

describe('verifySignature', () => {
  it('accepts the signature of the raw body', () => {
    expect(verifySignature(body, signBody(secret, body), secret)).toBe(true);
  });

  it('checks HMAC-SHA256 with any app secret (non-ASCII, longer than a block) over bodies of any size', () => {
    for (const key of ['é'.repeat(40), 'k'.repeat(64), 'k'.repeat(65), 'x']) {
      for (const raw of [Buffer.alloc(0), body, Buffer.alloc(300_000, 'b')]) {
        const header = `sha256=${createHmac('sha256', key).update(raw).digest('hex')}`;
        expect(verifySignature(raw, header, key)).toBe(true);
        expect(verifySignature(raw, header.toUpperCase().replace('SHA256=', 'sha256='), key)).toBe(true);
        expect(verifySignature(raw, header, `${key}!`)).toBe(false);
      }
    }
  });

  it("leaves the app secret nowhere in Node's shared buffer pool", () => {
    const slab = () => Buffer.from(Buffer.allocUnsafe(1).buffer);
    const appSecret = 'meta_app_secret_5e8b13c0';
    // The secret's bytes to look for, made outside the pool; Meta's header signed with them.
    const bytes = Buffer.alloc(appSecret.length);
    bytes.write(appSecret);
    const header = `sha256=${createHmac('sha256', bytes).update(body).digest('hex')}`;
    const before = slab();
    expect(verifySignature(body, header, appSecret)).toBe(true);
    expect(verifySignature(body, header, appSecret)).toBe(true);
    for (const pool of [before, slab()]) expect(pool.includes(bytes)).toBe(false);
  });

  it('refuses another secret, a changed body, a missing or malformed header', () => {
    expect(verifySignature(body, signBody('other', body), secret)).toBe(false);
    expect(verifySignature(Buffer.from(`${body.toString()} `), signBody(secret, body), secret)).toBe(false);
    expect(verifySignature(body, undefined, secret)).toBe(false);
    expect(verifySignature(body, 'sha1=abc', secret)).toBe(false);
    expect(verifySignature(body, 'sha256=zz', secret)).toBe(false);
  });

  it('refuses everything when no secret is configured', () => {
    expect(verifySignature(body, signBody('', body), '')).toBe(false);
  });

  it('is sensitive to re-serialisation: the same JSON with other spacing does not match', () => {
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(body.toString()), null, 1));
    expect(verifySignature(reserialised, signBody(secret, body), secret)).toBe(false);
  });
});
