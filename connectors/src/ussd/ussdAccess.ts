import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { Request } from 'express';
import type { UssdConfig } from './ussdConfig.ts';

/** Why a callback is refused, and with which status. */
export interface UssdRefusal {
  status: 401 | 403;
  reason: 'disabled' | 'address' | 'missingToken' | 'badToken';
}

/**
 * Whether a gateway callback may be read, decided before anything of it is parsed: the source
 * address against `USSD_ALLOWED_IPS` (as `req.ip` gives it: GRIOT_TRUST_PROXY says which proxies'
 * X-Forwarded-For counts), then the token, from `?token=` (Africa's Talking cannot sign or add
 * headers, but its callback URL can carry one) or `Authorization: Bearer`. Null: allowed.
 */
export function checkUssdAccess(req: Request, config: UssdConfig): UssdRefusal | null {
  if (config.access === 'refused') return { status: 403, reason: 'disabled' };
  if (config.allowedIps) {
    const address = plainAddress(req.ip ?? req.socket.remoteAddress ?? '');
    const family = isIP(address);
    if (family === 0 || !config.allowedIps.list.check(address, family === 4 ? 'ipv4' : 'ipv6')) return { status: 403, reason: 'address' };
  }
  if (config.callbackToken) {
    const given = tokenOf(req);
    if (given === undefined) return { status: 401, reason: 'missingToken' };
    if (!sameSecret(given, config.callbackToken)) return { status: 401, reason: 'badToken' };
  }
  return null;
}

function tokenOf(req: Request): string | undefined {
  const query = req.query.token;
  if (typeof query === 'string' && query !== '') return query;
  const header = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '')?.[1];
  return header;
}

/** Compared as digests: equal length, constant time, whatever was sent. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** `::ffff:196.201.214.200` (an IPv4 peer on a dual-stack socket) is the IPv4 address. */
function plainAddress(address: string): string {
  return /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/i.exec(address)?.[1] ?? address;
}
