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

/**
 * Counters every instance on one store shares (the runtime's throttle counters): a counter absent or
 * expired starts at `points`, expiring `durationMs` later; `replace` sets points and expiry whatever
 * was there. Returns the counter after the change.
 */
export interface SharedGuessCounts {
  add(key: string, points: number, durationMs: number, replace: boolean): Promise<{ points: number; expiresAt: number | null }>;
}

/** Telegram's published webhook sources (core.telegram.org/bots/webhooks): never throttled by default. */
export const TELEGRAM_SOURCE_RANGES = ['149.154.160.0/20', '91.108.4.0/22'];

const DEFAULT_MAX_ADDRESSES = 10_000;
/** Addresses that gave the right secret remembered (the platform's few; only the secret gets one in). */
const MAX_KNOWN = 1_000;
/** Store writes awaited at once: past it a wrong guess is counted here only, so a flood of them on a slow store holds no more. */
const MAX_STORE_WRITES = 64;

/**
 * Wrong guesses at a channel's shared secret (the jambonz WebSocket's password, Telegram's webhook
 * secret, the USSD gateway's token), counted per client address: past `maxFailures` within the
 * window, the address is refused for `blockMs` before its secret is even compared, so guessing
 * from it tells nothing more until then. The platform itself never sends a wrong secret, so it is
 * never counted; addresses the operator allows (and Telegram's own) are never refused, so an
 * attacker behind the same proxy cannot lock the platform out. An IPv6 client is counted by its
 * /64 (one host holds that many addresses). Per process.
 *
 * Bounded without forgetting: a count is kept until its window ends and a block until it ends,
 * `maxAddresses` of each at most. Forgetting the oldest instead let an attacker with one address
 * more than the table holds guess for ever (each address's count was gone before it reached the
 * limit, a block was evicted by newer ones). Past the bound, the addresses that find no room share
 * one count (`maxFailures` in the window for all of them together); once it is spent, an address
 * with no record of its own is refused while a table is still full, unless it gave the right secret
 * since the start (`succeeded`: the platform goes on through such an attack). Both tables are kept in the
 * order their records end, so expired ones are dropped from the front: each guess costs O(1).
 */
export class SecretGuesses {
  /** Addresses with wrong guesses in their window and not blocked, in the order their window started. */
  private readonly counting = new Map<string, { failures: number; since: number }>();
  /** Blocked addresses and when their block ends, in that order (every block lasts `blockMs`). */
  private readonly blocked = new Map<string, number>();
  /** The one count the addresses that found no room share. */
  private overflow = { failures: 0, since: 0, blockedUntil: 0 };
  private readonly now: () => number;
  private readonly maxAddresses: number;
  private shared: { counts: SharedGuessCounts; prefix: string } | undefined;
  /** Addresses that gave the right secret, oldest first: the shared count never refuses them. */
  private readonly known = new Set<string>();
  private storeWrites = 0;
  /** Wrong guesses counted in the shared count (each one not written to the store). */
  private overflowed = 0;

  constructor(private readonly settings: SecretGuessSettings) {
    this.now = settings.now ?? Date.now;
    this.maxAddresses = Math.max(1, settings.maxAddresses ?? DEFAULT_MAX_ADDRESSES);
  }

  /**
   * Counts wrong guesses in the store as well, under `secretGuess:<channel>:`, so that an attacker
   * spread over several instances of one line gets the same tries as on one. Only a wrong guess
   * writes (one counter update, in the background); the right-secret path reads this process's
   * tables only. A block another instance set is learnt here at the address's next wrong guess
   * here (the counter it updates says so), so the whole deployment allows `maxFailures` plus one
   * per other instance, plus those already in flight. An unreachable store leaves the count per
   * instance.
   */
  shareThrough(counts: SharedGuessCounts | undefined, channel: string): void {
    this.shared = counts ? { counts, prefix: `secretGuess:${channel}:` } : undefined;
  }

  /** Seconds the address must wait before its next attempt is checked, or 0 when it may try now. */
  refusal(ip: string | undefined): number {
    return this.refusalOf(ip)?.seconds ?? 0;
  }

  /**
   * Why the address is refused now and for how long, or undefined when it may try: `tooManyGuesses`,
   * its own wrong secrets; `tooManyAddresses`, none of its own, but wrong secrets from more addresses
   * than the tables hold spent the shared count (an operator reading this for the platform's address
   * allows it in GRIOT_SECRET_GUESSES_ALLOWED_IPS).
   */
  refusalOf(ip: string | undefined): { seconds: number; reason: 'tooManyGuesses' | 'tooManyAddresses' } | undefined {
    const key = this.keyOf(ip);
    if (key === undefined) return undefined;
    const now = this.now();
    const until = this.blocked.get(key);
    if (until !== undefined && until > now) return { seconds: Math.ceil((until - now) / 1000), reason: 'tooManyGuesses' };
    // The right-secret path reads one Map unless the shared count is spent (an attack under way).
    // An address that gave the right secret (the platform) is not refused by the addresses that fill the tables.
    if (this.overflow.blockedUntil > now && !this.counting.has(key) && !this.known.has(key)) {
      this.sweep(now);
      if (this.full()) return { seconds: Math.ceil((this.overflow.blockedUntil - now) / 1000), reason: 'tooManyAddresses' };
    }
    return undefined;
  }

  /**
   * The right secret from `ip`: the address is remembered (`MAX_KNOWN`, the most recent kept), so
   * that once an attack from more addresses than the tables hold has spent the shared count, the
   * platform still gets through; only its own wrong guesses can block it. Nothing read from the store.
   */
  succeeded(ip: string | undefined): void {
    const key = this.keyOf(ip);
    if (key === undefined) return;
    this.known.delete(key);
    this.known.add(key);
    if (this.known.size > MAX_KNOWN)
      for (const oldest of this.known) {
        this.known.delete(oldest);
        break;
      }
  }

  /** A wrong secret from `ip`: counted; the seconds it is now refused for (0 while it has tries left). */
  failed(ip: string | undefined): number {
    const key = this.keyOf(ip);
    if (key === undefined) return 0;
    // A wrong secret: whatever this address once gave, the shared count may refuse it again.
    this.known.delete(key);
    const overflowed = this.overflowed;
    const seconds = this.failedHere(key);
    // An address with no room here is not written either: a flood of new addresses would add a row each to the store.
    const counted = this.overflowed === overflowed;
    if (counted && this.shared && this.storeWrites < MAX_STORE_WRITES) void this.failedInStore(this.shared, key);
    return seconds;
  }

  /** This guess counted in the shared counter; a block found there (or set by it) kept here too. */
  private async failedInStore(shared: { counts: SharedGuessCounts; prefix: string }, key: string): Promise<void> {
    const name = `${shared.prefix}${key}`;
    const { maxFailures, windowMs, blockMs } = this.settings;
    this.storeWrites += 1;
    try {
      const counted = await shared.counts.add(name, 1, windowMs, false);
      if (counted.points < maxFailures) return;
      // The guess that used the last try, on whichever instance: the counter becomes the block (its
      // expiry the block's end); past it, the counter's expiry is a block some instance set.
      const block = counted.points === maxFailures ? await shared.counts.add(name, maxFailures, blockMs, true) : counted;
      if (block.expiresAt !== null) this.learnBlock(key, block.expiresAt);
    } catch {
      // The store unreachable: this instance's own count still holds.
    } finally {
      this.storeWrites -= 1;
    }
  }

  /** A block the shared counter says `key` is under, until `until`. */
  private learnBlock(key: string, until: number): void {
    if (until <= this.now() || (this.blocked.get(key) ?? 0) >= until) return;
    this.counting.delete(key);
    if (!this.blocked.has(key) && this.blocked.size >= this.maxAddresses) return;
    this.blocked.set(key, until);
  }

  private failedHere(key: string): number {
    const now = this.now();
    this.sweep(now);
    const until = this.blocked.get(key);
    if (until !== undefined && until > now) return Math.ceil((until - now) / 1000);
    let entry = this.counting.get(key);
    if (entry && now - entry.since >= this.settings.windowMs) {
      this.counting.delete(key);
      entry = undefined;
    }
    if (!entry) {
      if (this.counting.size >= this.maxAddresses) return this.failedInOverflow(now);
      entry = { failures: 0, since: now };
      this.counting.set(key, entry);
    }
    entry.failures += 1;
    if (entry.failures < this.settings.maxFailures) return 0;
    this.counting.delete(key);
    // A full table of blocks: this one is counted in the shared record rather than evicting another.
    if (this.blocked.size >= this.maxAddresses) return this.failedInOverflow(now, true);
    // Blocked: once it ends, the address has its tries back (a new window), not one.
    this.blocked.set(key, now + this.settings.blockMs);
    return Math.ceil(this.settings.blockMs / 1000);
  }

  /** Addresses remembered now (for tests). */
  get size(): number {
    return this.counting.size + this.blocked.size;
  }

  private failedInOverflow(now: number, spent = false): number {
    this.overflowed += 1;
    const shared = this.overflow;
    if (shared.blockedUntil > now) return Math.ceil((shared.blockedUntil - now) / 1000);
    if (now - shared.since >= this.settings.windowMs) this.overflow = { failures: 0, since: now, blockedUntil: 0 };
    this.overflow.failures = spent ? this.settings.maxFailures : this.overflow.failures + 1;
    if (this.overflow.failures < this.settings.maxFailures) return 0;
    this.overflow = { failures: 0, since: now + this.settings.blockMs, blockedUntil: now + this.settings.blockMs };
    return Math.ceil(this.settings.blockMs / 1000);
  }

  private full(): boolean {
    return this.counting.size >= this.maxAddresses || this.blocked.size >= this.maxAddresses;
  }

  /** Drops the records that ended: they lie at the front of each table. */
  private sweep(now: number): void {
    for (const [key, entry] of this.counting) {
      if (now - entry.since < this.settings.windowMs) break;
      this.counting.delete(key);
    }
    for (const [key, until] of this.blocked) {
      if (until > now) break;
      this.blocked.delete(key);
    }
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

/** What a refusal's log line says of its reason. */
export const guessRefusalWhy = {
  tooManyGuesses: 'its address sent too many wrong secrets',
  tooManyAddresses:
    'wrong secrets from more addresses than this instance keeps apart spent the count they share, and this address never gave the right secret since the start (the platform? list it in GRIOT_SECRET_GUESSES_ALLOWED_IPS)',
} as const;

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
