import type { CallerHasher } from '../analytics/CallerHasher.ts';
import { randomSecret, sameSecret } from './secrets.ts';

/** The cookie a browser gets at a successful login, naming it a known device of that account. */
export const DEVICE_COOKIE = 'griot_device';
/** How long a browser stays a known device without signing in again (each login renews it). */
export const KNOWN_DEVICE_DAYS = 180;

/**
 * Known devices (OWASP's answer to lock-out by the account-wide login limit): a browser that
 * signed in to an account gets `<deviceId>.<signature>`, the signature a keyed hash (the
 * analytics key) of the account's login digest and the device id. Presented at a later login for
 * the same account it exempts that attempt from the account-wide rule; for any other account,
 * or altered in any way, it counts for nothing. Without a key, no browser is a known device.
 */
export async function mintDeviceCookie(hasher: Promise<CallerHasher> | undefined, account: string): Promise<string | undefined> {
  const h = await readable(hasher);
  if (!h) return undefined;
  const deviceId = randomSecret().slice(0, 22);
  return `${deviceId}.${h.knownDevice(account, deviceId)}`;
}

/** The device id of a cookie signed for `account`, or undefined. */
export async function knownDeviceOf(hasher: Promise<CallerHasher> | undefined, account: string, cookie: string | undefined): Promise<string | undefined> {
  const match = cookie === undefined ? null : /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{22})$/.exec(cookie);
  if (!match) return undefined;
  const h = await readable(hasher);
  if (!h) return undefined;
  const [, deviceId, signature] = match as unknown as [string, string, string];
  return sameSecret(signature, h.knownDevice(account, deviceId)) ? deviceId : undefined;
}

const readable = (hasher: Promise<CallerHasher> | undefined) =>
  hasher?.then(
    (h) => h,
    () => undefined,
  );
