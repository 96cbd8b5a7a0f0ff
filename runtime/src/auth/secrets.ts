import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes, URL-safe: login session ids, API tokens, one-time passwords. */
export function randomSecret(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** A password Griot makes up (first admin, reset): 20 URL-safe characters, 120 random bits. */
export function oneTimePassword(): string {
  return randomSecret().slice(0, 20);
}

/** Tokens and session ids are kept only as their SHA-256, so a copy of the store grants nothing. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Constant-time comparison of two strings of any length. */
export function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(Buffer.from(sha256Hex(a), 'hex'), Buffer.from(sha256Hex(b), 'hex'));
}
