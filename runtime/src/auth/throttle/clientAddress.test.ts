import { describe, expect, it } from 'vitest';
import { clientAddress } from './clientAddress.ts';

describe('clientAddress', () => {
  it('keys IPv4 by the address, also when IPv4-mapped', () => {
    expect(clientAddress('192.0.2.7')).toBe('192.0.2.7');
    expect(clientAddress('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(clientAddress('::ffff:127.0.0.1')).toBe(clientAddress('127.0.0.1'));
  });

  it('keys IPv6 by its /64, so one host cannot take a new address per attempt', () => {
    expect(clientAddress('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(clientAddress('2001:db8:1:2::99')).toBe(clientAddress('2001:db8:1:2:ffff::1'));
    expect(clientAddress('2001:db8:1:3::1')).not.toBe(clientAddress('2001:db8:1:2::1'));
    expect(clientAddress('::1')).toBe('::/64');
  });

  it('puts a missing or unreadable address in one bucket', () => {
    expect(clientAddress(undefined)).toBe('unknown');
    expect(clientAddress('not an address')).toBe('unknown');
  });
});
