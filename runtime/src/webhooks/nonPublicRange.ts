import ipaddr from 'ipaddr.js';

/**
 * Why an address is not a public one: its range as ipaddr.js names it (`loopback`, `private`,
 * `linkLocal` — 169.254.169.254, the cloud metadata service —, `uniqueLocal`, `unspecified`,
 * `carrierGradeNat`, `6to4`, `rfc6052`…), or null for a public unicast address. IPv4-mapped IPv6
 * (`::ffff:127.0.0.1`) is judged as the IPv4 address it carries.
 */
export function nonPublicRange(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'invalid';
  const range = ipaddr.process(address).range();
  return range === 'unicast' ? null : range;
}
