import { availableParallelism } from 'node:os';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';

const count = (max: number) => z.coerce.number().int().min(0).max(max);

/** The proxies whose X-Forwarded-For Griot believes: none, how many hops, or which addresses. */
export type TrustProxy = false | number | string[];

const NAMED_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * GRIOT_TRUST_PROXY, for express's `trust proxy`. Trusting every sender (`true`) would let any
 * client pick the address it is throttled by, so it is refused: name the hops or the proxies.
 */
const TrustProxySetting = z.string().transform((text, ctx): TrustProxy => {
  const value = text.trim().toLowerCase();
  if (['0', 'false', 'off', 'no', 'none'].includes(value)) return false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops <= 10) return hops;
    ctx.addIssue({ code: 'custom', message: 'a hop count is 1 to 10: how many proxies stand between clients and Griot' });
    return z.NEVER;
  }
  if (['true', 'yes', 'on', '*', 'all'].includes(value)) {
    ctx.addIssue({
      code: 'custom',
      message:
        'trusting every address would let anyone choose their address with X-Forwarded-For: give the number of proxies in front of Griot (1) or their addresses (10.0.0.5, 10.0.0.0/24, loopback)',
    });
    return z.NEVER;
  }
  // Only dotted or colon forms: ipaddr.js would also read "7" or "0x7f000001" as an IPv4 address.
  const entries = value
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const wrong = entries.find((e) => !NAMED_RANGES.includes(e) && !(/^\d{1,3}(\.\d{1,3}){3}(\/\d+)?$|:/.test(e) && (ipaddr.isValid(e) || ipaddr.isValidCIDR(e))));
  if (entries.length === 0 || wrong !== undefined) {
    ctx.addIssue({ code: 'custom', message: `"${wrong ?? text}" is not a hop count (1-10), an address, a CIDR range or one of ${NAMED_RANGES.join(', ')}` });
    return z.NEVER;
  }
  const wide = entries.find(tooWide);
  if (wide !== undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `"${wide}" is too wide: a range that holds clients as well as proxies lets any of them choose the address it is throttled by with X-Forwarded-For (as trusting every address would); name the proxies' own addresses or ranges (an IPv4 range of /8 or narrower, IPv6 /16 or narrower)`,
    });
    return z.NEVER;
  }
  return entries;
});

/** The widest ranges of proxies' own addresses Griot believes (a CDN's are /12 to /22 in IPv4, /29 to /32 in IPv6). */
const WIDEST_IPV4_PREFIX = 8;
const WIDEST_IPV6_PREFIX = 16;
const IPV4_MAPPED = ipaddr.parse('::ffff:0.0.0.0') as ipaddr.IPv6;
const GLOBAL_IPV6 = ipaddr.parseCIDR('2000::/3') as [ipaddr.IPv6, number];
/** Whether an IPv6 range shares addresses with the Internet's (2000::/3): a private one (fd00::/8) holds none. */
const overlapsGlobalIpv6 = (address: ipaddr.IPv6, prefix: number) => (prefix <= GLOBAL_IPV6[1] ? GLOBAL_IPV6[0].match(address, prefix) : address.match(GLOBAL_IPV6));

/**
 * Whether a trusted range holds the Internet's clients rather than proxies: `0.0.0.0/1` (half
 * of every IPv4 address), an IPv4-mapped one (`::ffff:0:0/96`: express compares an IPv4 peer
 * with an IPv6 range as `::ffff:a.b.c.d`, so that one is every IPv4 client), an IPv6 range that
 * holds all those (`::/8`), or a large part of the IPv6 Internet (`2000::/3`; a private range
 * such as `fd00::/8` holds no client from the Internet). A /0 also made
 * express throw at start instead of naming the variable.
 */
function tooWide(entry: string): boolean {
  if (NAMED_RANGES.includes(entry) || !entry.includes('/')) return false;
  const [address, prefix] = ipaddr.parseCIDR(entry);
  if (address.kind() === 'ipv4') return prefix < WIDEST_IPV4_PREFIX;
  const v6 = address as ipaddr.IPv6;
  if (prefix <= 96) return IPV4_MAPPED.match(v6, prefix) || (prefix < WIDEST_IPV6_PREFIX && overlapsGlobalIpv6(v6, prefix));
  return v6.isIPv4MappedAddress() && prefix - 96 < WIDEST_IPV4_PREFIX;
}

/** The environment variables of login and bearer-token throttling (docs/configuration.md). */
export const authThrottleEnv = {
  GRIOT_TRUST_PROXY: TrustProxySetting.optional(),
  GRIOT_LOGIN_MAX_FAILURES: count(1000).default(5),
  GRIOT_LOGIN_WINDOW_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  GRIOT_LOGIN_MAX_FAILURES_PER_DAY: count(100_000).default(20),
  GRIOT_LOGIN_MAX_FAILURES_PER_ACCOUNT: count(100_000).default(50),
  GRIOT_LOGIN_MAX_FAILURES_PER_ADDRESS: count(100_000).default(100),
  GRIOT_BAD_TOKENS_PER_ADDRESS: count(100_000).default(30),
  GRIOT_LOGIN_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  GRIOT_LOGIN_QUEUE: z.coerce.number().int().min(0).max(10_000).default(64),
};

type AuthThrottleEnv = z.output<z.ZodObject<typeof authThrottleEnv>>;

export interface AuthThrottleConfig {
  login: {
    /** Failures per account and address within the window, before a block as long as the window. */
    maxFailures: number;
    windowMinutes: number;
    /** Failures per account and address in 24 hours, before a 24-hour block (the repeated blocks). */
    maxFailuresPerDay: number;
    /** Failures per account from all addresses in an hour, before a one-hour block. */
    maxFailuresPerAccount: number;
    /** Failures per address on all accounts in an hour, before a one-hour block. */
    maxFailuresPerAddress: number;
  };
  /** Unknown bearer tokens per address in 10 minutes, before bearer requests from it are refused for an hour. */
  badTokensPerAddress: number;
  /** Password verifications (argon2) running at once; others wait in line. */
  verifyConcurrency: number;
  /** Logins waiting for a verification, beyond which Griot answers 503 at once. */
  verifyQueue: number;
}

export function authThrottleConfig(e: AuthThrottleEnv): { trustProxy: TrustProxy; authThrottle: AuthThrottleConfig } {
  return {
    trustProxy: e.GRIOT_TRUST_PROXY ?? false,
    authThrottle: {
      login: {
        maxFailures: e.GRIOT_LOGIN_MAX_FAILURES,
        windowMinutes: e.GRIOT_LOGIN_WINDOW_MINUTES,
        maxFailuresPerDay: e.GRIOT_LOGIN_MAX_FAILURES_PER_DAY,
        maxFailuresPerAccount: e.GRIOT_LOGIN_MAX_FAILURES_PER_ACCOUNT,
        maxFailuresPerAddress: e.GRIOT_LOGIN_MAX_FAILURES_PER_ADDRESS,
      },
      badTokensPerAddress: e.GRIOT_BAD_TOKENS_PER_ADDRESS,
      // Half the cores: logins under attack leave the other half to calls and messages.
      verifyConcurrency: e.GRIOT_LOGIN_CONCURRENCY ?? Math.max(1, Math.floor(availableParallelism() / 2)),
      verifyQueue: e.GRIOT_LOGIN_QUEUE,
    },
  };
}
