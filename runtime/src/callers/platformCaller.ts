import { PLATFORM_CALLER } from '../store/callerLinks.ts';

/**
 * The platform identity a channel gave as the caller (`telegram:123456789`,
 * `messenger:<psid>`), or null for a phone number or anything else. Such a caller is never
 * taken for a number: their profile is keyed by this identity until it is linked to one.
 */
export function platformCallerKey(raw: string): string | null {
  const key = raw.trim();
  return PLATFORM_CALLER.test(key) && key.length <= 32 ? key : null;
}
