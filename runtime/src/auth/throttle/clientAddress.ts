import ipaddr from 'ipaddr.js';

/**
 * The address a client is throttled by: the IPv4 address (also when it arrives IPv4-mapped,
 * `::ffff:192.0.2.7`), or the /64 network of an IPv6 address, because one subscriber line or
 * one host usually holds a whole /64 and could otherwise change address at every attempt.
 * `ip` is express's `req.ip`: the socket's peer, or the client a trusted proxy names
 * (GRIOT_TRUST_PROXY), never an X-Forwarded-For that anyone could write.
 */
export function clientAddress(ip: string | undefined): string {
  if (!ip || !ipaddr.isValid(ip)) return 'unknown';
  const address = ipaddr.process(ip);
  if (address.kind() === 'ipv4') return address.toString();
  return `${ipaddr.IPv6.networkAddressFromCIDR(`${address.toString()}/64`).toString()}/64`;
}
