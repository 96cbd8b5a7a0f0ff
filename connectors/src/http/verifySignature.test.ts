import { describe, expect, it } from 'vitest';
import { verifySignature } from './verifySignature.ts';
import { signBody } from '../whatsapp/testing/signBody.ts';

const secret = 'app-secret';
const body = Buffer.from('{"object":"whatsapp_business_account","entry":[]}');

describe('verifySignature', () => {
  it('accepts the signature of the raw body', () => {
    expect(verifySignature(body, signBody(secret, body), secret)).toBe(true);
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
