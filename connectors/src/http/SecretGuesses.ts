import { type BlockList, isIP } from 'node:net';
import { ChannelConfigError } from '../channel/ChannelConfigError.ts';
import { allowList } from '../ussd/ussdConfig.ts';

export interface SecretGuessSettings {
  /** Wrong secrets from one address within `windowMs` before it is refused for `blockMs`; 0: never. */
  maxFailures: number;
  windowMs: number;
  blockMs: number;
  /** Addresses never throttled (the platform's own, a proxy the operator names). */
  allowed?: BlockList;
  /** Addresses remembered at most (the oldest forgotten first): a flood of addresses costs no more memory. */
  maxAddresses?: number;
  now?: () => number;
}

/** Telegram's published webhook sources (core.telegram.org/bots/webhooks): never throttled by default. */
export const TELEGRAM_SOURCE_RANGES = ['149.154.160.0/20', '91.108.4.0/22'];

const DEFAULT_MAX_ADDRESSES = 10_000;

/**
 * Wrong guesses at a channel's shared secret (the jambonz WebSocket's password, Telegram's webhook
 * secret, the USSD gateway's token), counted per client address: past `maxFailures` within the
 * window, the address is refused for `blockMs` before its secret is even compared, so guessing
 * from it tells nothing more until then. The platform itself never sends a wrong secret, so it is
 * never counted; addresses the operator allows (and Telegram's own) are never refused, so an
 * attacker behind the same proxy cannot lock the platform out. An IPv6 client is counted by its
 * /64 (one host holds that many addresses). Per process, in a table of `maxAddresses` at most.
 */
export class SecretGuesses {
  private readonly entries = new Map<string, { failures: number; since: number; blockedUntil: number }>();
  private readonly now: () => number;

  constructor(private readonly settings: SecretGuessSettings) {
    this.now = settings.now ?? Date.now;
  }

  /** Seconds the address must wait before its next attempt is checked, or 0 when it may try now. */
  refusal(ip: string | undefined): number {
    const key = this.keyOf(ip);
    if (key === undefined) return 0;
    const entry = this.entries.get(key);
    if (!entry) return 0;
    const now = this.now();
    if (entry.blockedUntil > now) return Math.ceil((entry.blockedUntil - now) / 1000);
    return 0;
  }

  /** A wrong secret from `ip`: counted; the seconds it is now refused for (0 while it has tries left). */
  failed(ip: string | undefined): number {
    const key = this.keyOf(ip);
    if (key === undefined) return 0;
    const now = this.now();
    let entry = this.entries.get(key);
    if (!entry || now - entry.since >= this.settings.windowMs) entry = { failures: 0, since: now, blockedUntil: 0 };
    // Deleted and set again: the Map's order is then the order of last failure, the oldest forgotten first.
    this.entries.delete(key);
    entry.failures += 1;
    if (entry.failures >= this.settings.maxFailures) {
      entry.blockedUntil = now + this.settings.blockMs;
      // The block starts a new window: once it ends, the address has its tries back, not one.
      entry.failures = 0;
      entry.since = entry.blockedUntil;
    }
    this.entries.set(key, entry);
    while (this.entries.size > (this.settings.maxAddresses ?? DEFAULT_MAX_ADDRESSES)) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    return entry.blockedUntil > now ? Math.ceil((entry.blockedUntil - now) / 1000) : 0;
  }

  /** Addresses remembered now (for tests). */
  get size(): number {
    return this.entries.size;
  }

  private keyOf(ip: string | undefined): string | undefined {
    if (this.settings.maxFailures <= 0 || !ip) return undefined;
    const address = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/i.exec(ip)?.[1] ?? ip;
    const family = isIP(address);
    if (family === 0) return undefined;
    if (this.settings.allowed?.check(address, family === 4 ? 'ipv4' : 'ipv6')) return undefined;
    return family === 4 ? address : ipv6Prefix64(address);
  }
}

/** The first four groups of an IPv6 address, `::` expanded. */
function ipv6Prefix64(address: string): string {
  const [head = '', tail] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/**
 * `GRIOT_SECRET_GUESSES_PER_ADDRESS` (default 10 wrong secrets in 10 minutes, then refused for an
 * hour; 0 turns it off) and `GRIOT_SECRET_GUESSES_ALLOWED_IPS` (never throttled), for every channel;
 * `extraAllowed` adds a platform's own ranges (Telegram's).
 */
export function secretGuessesFromEnv(env: Record<string, string | undefined>, extraAllowed: readonly string[] = [], now?: () => number): SecretGuesses {
  const text = env.GRIOT_SECRET_GUESSES_PER_ADDRESS?.trim();
  // Decimal digits only: Number() would take `0x10`, `1e1` or `1_0`-free typos for a count.
  const maxFailures = text === undefined || text === '' ? 10 : /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(maxFailures) || maxFailures < 0 || maxFailures > 10_000) {
    throw new ChannelConfigError('GRIOT_SECRET_GUESSES_PER_ADDRESS', 'must be a whole number of wrong secrets (0 to 10000; 0 turns the throttle off)');
  }
  const listed = [...extraAllowed, ...(env.GRIOT_SECRET_GUESSES_ALLOWED_IPS ?? '').split(',')].map((e) => e.trim()).filter((e) => e !== '');
  const allowed = listed.length > 0 ? allowList(listed.join(','), 'GRIOT_SECRET_GUESSES_ALLOWED_IPS') : undefined;
  return new SecretGuesses({ maxFailures, windowMs: 10 * 60_000, blockMs: 60 * 60_000, ...(allowed ? { allowed } : {}), ...(now ? { now } : {}) });
}
