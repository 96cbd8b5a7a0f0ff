import { describe, expect, it } from 'vitest';
import { MASK } from '@griot/flows';
import { isSecretKey, maskSecretKeyedText } from './sensitiveKeys.ts';

describe('keys that name a secret or a code', () => {
  it('knows them by their words, however the API writes them, and not inside other words', () => {
    for (const key of [
      'puk',
      'PUK',
      'pukCode',
      'codePUK',
      'code_puk',
      'puk1',
      'PIN2',
      'pin_code',
      'mpin',
      'userPin',
      'otpCode',
      'client_secret',
      'sessionToken',
      'access_token',
      'x-api-key',
      'apiKey',
      'Authorization',
      'motDePasse',
      'mot_de_passe',
      'codeSecret',
      'passcode',
    ]) {
      expect(isSecretKey(key), key).toBe(true);
    }
    for (const key of ['shipping', 'opinion', 'spinner', 'tokenizer', 'segment', 'balance', 'code', 'status', 'pinned', 'message', 'footprint']) {
      expect(isSecretKey(key), key).toBe(false);
    }
  });

  it('knows a list of them (`puks`, `pins`) and the words a code is also named by, and leaves readable what only speaks of one', () => {
    for (const key of ['puks', 'pins', 'pukCodes', 'codepuk', 'codepin', 'securityCode', 'privateKey', 'passwords', 'secrets', 'Cookie', 'Set-Cookie', 'credentials']) {
      expect(isSecretKey(key), key).toBe(true);
    }
    // What a tester needs to read: a count, a state, a kind, a date, a quota.
    for (const key of ['pinAttemptsLeft', 'pin_attempts', 'pukStatus', 'pinSet', 'tokenType', 'token_type', 'tokenExpiry', 'passwordExpiresAt', 'tokens_left', 'tokens']) {
      expect(isSecretKey(key), key).toBe(false);
    }
    expect(maskSecretKeyedText('<r><puks>80417263,11223344</puks><pinAttemptsLeft>2</pinAttemptsLeft></r>')).toBe(`<r><puks>${MASK}</puks><pinAttemptsLeft>2</pinAttemptsLeft></r>`);
  });

  it('reads a hostile key at once: a body or a fixture can hold a key of 250 kB', () => {
    // 40,000 capitals took 2 s (each start read to the end), a fixture's 250 kB minutes of a core.
    const started = performance.now();
    for (const key of ['A'.repeat(40_000), `${'1'.repeat(40_000)}x`, `PUK${'A'.repeat(40_000)}`]) expect(isSecretKey(key)).toBe(false);
    expect(performance.now() - started).toBeLessThan(200);
    expect(isSecretKey('XMLHTTPRequestPUKCode')).toBe(true);
  });

  it('reads a hostile text in linear time: unclosed tags by the thousand', () => {
    // 60,000 characters of `<a ` took seconds (each tag's attributes read to the end of the text).
    const started = performance.now();
    expect(maskSecretKeyedText(`${'<a '.repeat(20_000)}pin=1234`)).toBe(`${'<a '.repeat(20_000)}pin=${MASK}`);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('masks the values under such keys in a text: a form, a query, JSON not parsed, XML', () => {
    expect(maskSecretKeyedText('status=ok&puk_code=80417263&segment=vip')).toBe(`status=ok&puk_code=${MASK}&segment=vip`);
    expect(maskSecretKeyedText('{"pukCode": "80417263", "note": "ok"}')).toBe(`{"pukCode": "${MASK}", "note": "ok"}`);
    expect(maskSecretKeyedText('<r><ns:codePuk>80417263</ns:codePuk><status>ok</status></r>')).toBe(`<r><ns:codePuk>${MASK}</ns:codePuk><status>ok</status></r>`);
    expect(maskSecretKeyedText('error: invalid pin: 1234')).toBe(`error: invalid pin: ${MASK}`);
    expect(maskSecretKeyedText('Subscriber not found')).toBe('Subscriber not found');
  });
});
