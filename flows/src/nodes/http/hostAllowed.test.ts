import { describe, expect, it } from 'vitest';
import { hostAllowed } from './hostAllowed.ts';

describe('hostAllowed', () => {
  const list = ['api.example.com', '*.operator.bj', '[2001:db8::1]'];

  it('accepts listed names and names below a wildcard, whatever their case or trailing dot', () => {
    expect(hostAllowed('api.example.com', list)).toBe(true);
    expect(hostAllowed('API.Example.com.', list)).toBe(true);
    expect(hostAllowed('is.operator.bj', list)).toBe(true);
    expect(hostAllowed('a.b.operator.bj', list)).toBe(true);
    expect(hostAllowed('2001:db8::1', list)).toBe(true);
  });

  it('refuses the wildcard’s own domain, look-alikes and anything with an empty list', () => {
    expect(hostAllowed('operator.bj', list)).toBe(false);
    expect(hostAllowed('evil-operator.bj', list)).toBe(false);
    expect(hostAllowed('operator.bj.evil.com', list)).toBe(false);
    expect(hostAllowed('api.example.com.evil.com', list)).toBe(false);
    expect(hostAllowed('example.com', list)).toBe(false);
    expect(hostAllowed('', list)).toBe(false);
    expect(hostAllowed('api.example.com', [])).toBe(false);
  });
});
