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

  it('masks the values under such keys in a text: a form, a query, JSON not parsed, XML', () => {
    expect(maskSecretKeyedText('status=ok&puk_code=80417263&segment=vip')).toBe(`status=ok&puk_code=${MASK}&segment=vip`);
    expect(maskSecretKeyedText('{"pukCode": "80417263", "note": "ok"}')).toBe(`{"pukCode": "${MASK}", "note": "ok"}`);
    expect(maskSecretKeyedText('<r><ns:codePuk>80417263</ns:codePuk><status>ok</status></r>')).toBe(`<r><ns:codePuk>${MASK}</ns:codePuk><status>ok</status></r>`);
    expect(maskSecretKeyedText('error: invalid pin: 1234')).toBe(`error: invalid pin: ${MASK}`);
    expect(maskSecretKeyedText('Subscriber not found')).toBe('Subscriber not found');
  });
});
