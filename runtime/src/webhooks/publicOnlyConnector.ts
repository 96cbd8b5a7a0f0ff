import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { buildConnector } from 'undici';
import { nonPublicRange } from './nonPublicRange.ts';
import { RequestRefusedError } from './RequestRefusedError.ts';

type Resolve = (hostname: string, options: LookupOptions & { all: true }, callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

const refusal = (host: string, address: string, range: string) =>
  new RequestRefusedError(
    `${host === address ? address : `${host} resolves to ${address}, which`} is in the ${range} range: requests outside the named backends go only to public addresses (name a backend in GRIOT_BACKENDS_* to reach it)`,
    { code: 'http.privateAddress', params: { host, address, range } },
  );

/**
 * A DNS look-up that answers only with public addresses: every address the name resolves to is
 * checked, and one private, loopback or link-local address refuses the name (a name that
 * resolves to 127.0.0.1, or changes its answer between two look-ups, gets nowhere).
 */
export function publicOnlyLookup(resolve: Resolve = dnsLookup as Resolve): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '');
      for (const { address } of addresses) {
        const range = nonPublicRange(address);
        if (range) return callback(refusal(hostname, address, range), '');
      }
      const [first] = addresses;
      if (options.all) return callback(null, addresses);
      if (!first) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '');
      return callback(null, first.address, first.family);
    });
  };
}

/**
 * How undici opens connections for addresses written in a flow: the address is checked when
 * the socket is opened, not the host name's text. IP literals skip DNS, so they are checked
 * here; names go through `publicOnlyLookup`.
 */
export function publicOnlyConnector(options: { resolve?: Resolve } = {}): buildConnector.connector {
  const connect = buildConnector({ lookup: publicOnlyLookup(options.resolve) });
  return (target, callback) => {
    const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
    const range = isIP(host) ? nonPublicRange(host) : null;
    if (range) return callback(refusal(host, host, range), null);
    return connect(target, callback);
  };
}
