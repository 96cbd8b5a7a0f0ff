import { isIP } from 'node:net';
import type { UssdConfig } from './ussdConfig.ts';
import type { SecretGuesses } from '../http/SecretGuesses.ts';
import { sameSecret } from '../http/sameSecret.ts';

/** Why a callback is refused, and with which status. */
export interface UssdRefusal {
  status: 401 | 403 | 429;
  reason: 'disabled' | 'address' | 'missingToken' | 'badToken' | 'tooManyGuesses' | 'tooManyAddresses';
  /** With 429: when the address may try again. */
  retryAfterSeconds?: number;
}

/** Who calls, as far as access goes: the source address, the `token` query parameter, the `Authorization` header. */
export interface UssdCaller {
  /** As express's `req.ip` gives it: GRIOT_TRUST_PROXY says which proxies' X-Forwarded-For counts. */
  ip: string | undefined;
  queryToken: string | undefined;
  authorization: string | undefined;
}

/**
 * Whether a gateway callback may be read, decided before anything of it is parsed: the source
 * address against `USSD_ALLOWED_IPS`, then the token, from `?token=` (Africa's Talking cannot
 * sign or add headers, but its callback URL can carry one) or `Authorization: Bearer`. Null: allowed.
 * An address that sent too many wrong tokens (`guesses`) is refused, 429, before its token is compared.
 */
export function checkUssdAccess(caller: UssdCaller, config: UssdConfig, guesses?: SecretGuesses): UssdRefusal | null {
  if (config.access === 'refused') return { status: 403, reason: 'disabled' };
  if (config.allowedIps) {
    const address = plainAddress(caller.ip ?? '');
    const family = isIP(address);
    if (family === 0 || !config.allowedIps.list.check(address, family === 4 ? 'ipv4' : 'ipv6')) return { status: 403, reason: 'address' };
  }
  if (config.callbackToken) {
    // Only addresses USSD_ALLOWED_IPS lets through get here when it is set: those are the operator's, never throttled.
    const throttled = config.allowedIps ? undefined : guesses;
    const refused = throttled?.refusalOf(caller.ip);
    if (refused) return { status: 429, reason: refused.reason, retryAfterSeconds: refused.seconds };
    const given = tokenOf(caller);
    if (given === undefined) return { status: 401, reason: 'missingToken' };
    // Both compared during a rotation, each in constant time.
    const current = sameSecret(given, config.callbackToken);
    const previous = config.previousCallbackToken !== undefined && sameSecret(given, config.previousCallbackToken);
    if (!current && !previous) {
      throttled?.failed(caller.ip);
      return { status: 401, reason: 'badToken' };
    }
    throttled?.succeeded(caller.ip);
  }
  return null;
}

function tokenOf(caller: UssdCaller): string | undefined {
  if (caller.queryToken) return caller.queryToken;
  return /^Bearer\s+(\S+)\s*$/i.exec(caller.authorization ?? '')?.[1];
}

/** `::ffff:196.201.214.200` (an IPv4 peer on a dual-stack socket) is the IPv4 address. */
function plainAddress(address: string): string {
  return /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/i.exec(address)?.[1] ?? address;
}
