import type { CallerHasher } from '../analytics/CallerHasher.ts';
import type { User } from '../store/types.ts';
import { randomSecret, sameSecret } from './secrets.ts';

/** The cookie a browser gets at a successful login, naming it a known device of that account. */
export const DEVICE_COOKIE = 'griot_device';
/** How long a browser stays a known device without signing in again (each login renews it). */
export const KNOWN_DEVICE_DAYS = 180;
/** Clock skew between instances tolerated for a cookie issued "in the future". */
const SKEW_SECONDS = 300;

/**
 * Known devices (OWASP's answer to lock-out by the account-wide login limit): a browser that
 * signed in to an account gets `<deviceId>.<issuedAt>.<signature>` (issuedAt: Unix seconds in
 * base 36), the signature a keyed hash (the analytics key) of the account's login digest, the
 * user's id, the user's password hash (its salt changes at every change or reset), the device id
 * and the issue time. Presented at a later login for the same account it exempts that attempt
 * from the account-wide rule, for KNOWN_DEVICE_DAYS after its issue (the server checks, whatever
 * the browser keeps), while the user exists with that id, is enabled and has that password. For
 * any other account or user, after a password change or reset, or altered in any way, it counts
 * for nothing. Without a key, no browser is a known device.
 */
export async function mintDeviceCookie(hasher: Promise<CallerHasher> | undefined, account: string, user: User, now: string): Promise<string | undefined> {
  const h = await readable(hasher);
  if (!h) return undefined;
  const deviceId = randomSecret().slice(0, 22);
  const issuedAt = Math.floor(Date.parse(now) / 1000).toString(36);
  return `${deviceId}.${issuedAt}.${h.knownDevice({ account, userId: user.id, credential: user.passwordHash, deviceId, issuedAt })}`;
}

/** Whether `cookie` is well-formed enough to be worth looking its user up for. */
export const maybeDeviceCookie = (cookie: string | undefined): cookie is string => cookie !== undefined && COOKIE.test(cookie);

const COOKIE = /^([A-Za-z0-9_-]{22})\.([0-9a-z]{1,8})\.([A-Za-z0-9_-]{22})$/;

/**
 * The device id of a cookie signed for `account` and `user` (as the store has it now: enabled,
 * same id, same password) and issued less than KNOWN_DEVICE_DAYS before `now`, or undefined.
 */
export async function knownDeviceOf(hasher: Promise<CallerHasher> | undefined, account: string, user: User | null, cookie: string | undefined, now: string): Promise<string | undefined> {
  const match = cookie === undefined ? null : COOKIE.exec(cookie);
  if (!match || !user || user.disabled) return undefined;
  const [, deviceId, issuedAt, signature] = match as unknown as [string, string, string, string];
  const age = Date.parse(now) / 1000 - parseInt(issuedAt, 36);
  if (!(age > -SKEW_SECONDS && age < KNOWN_DEVICE_DAYS * 86_400)) return undefined;
  const h = await readable(hasher);
  if (!h) return undefined;
  return sameSecret(signature, h.knownDevice({ account, userId: user.id, credential: user.passwordHash, deviceId, issuedAt })) ? deviceId : undefined;
}

const readable = (hasher: Promise<CallerHasher> | undefined) =>
  hasher?.then(
    (h) => h,
    () => undefined,
  );
