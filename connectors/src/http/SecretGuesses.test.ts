import { describe, expect, it } from 'vitest';
import { ChannelConfigError } from '../channel/ChannelConfigError.ts';
import { SecretGuesses, secretGuessesFromEnv } from './SecretGuesses.ts';

describe('wrong secrets counted per address', () => {
  it('refuses an address for the block once it used its tries in the window, then gives them back', () => {
    let now = 0;
    const guesses = new SecretGuesses({ maxFailures: 3, windowMs: 60_000, blockMs: 600_000, now: () => now });
    expect([guesses.failed('203.0.113.1'), guesses.failed('203.0.113.1')]).toEqual([0, 0]);
    expect(guesses.refusal('203.0.113.1')).toBe(0);
    expect(guesses.failed('::ffff:203.0.113.1')).toBe(600);
    expect(guesses.refusal('203.0.113.1')).toBe(600);
    expect(guesses.refusal('203.0.113.2')).toBe(0);
    now = 600_000;
    expect(guesses.refusal('203.0.113.1')).toBe(0);
    expect(guesses.failed('203.0.113.1')).toBe(0);
    // Failures older than the window are forgotten.
    now += 61_000;
    expect([guesses.failed('203.0.113.1'), guesses.failed('203.0.113.1')]).toEqual([0, 0]);
  });

  it('counts an IPv6 client by its /64, however many of its addresses it uses', () => {
    const guesses = new SecretGuesses({ maxFailures: 2, windowMs: 60_000, blockMs: 60_000 });
    guesses.failed('2001:db8:1:2::1');
    expect(guesses.failed('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe(60);
    expect(guesses.refusal('2001:0db8:0001:0002::77')).toBe(60);
    expect(guesses.refusal('2001:db8:1:3::1')).toBe(0);
  });

  it('remembers a bounded number of addresses: a flood of them costs no more memory', () => {
    const guesses = new SecretGuesses({ maxFailures: 5, windowMs: 60_000, blockMs: 60_000, maxAddresses: 100 });
    for (let i = 0; i < 5000; i++) guesses.failed(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
    expect(guesses.size).toBe(100);
  });

  it('reads GRIOT_SECRET_GUESSES_*: 0 turns it off, allowed addresses never counted, a wrong value named', () => {
    const off = secretGuessesFromEnv({ GRIOT_SECRET_GUESSES_PER_ADDRESS: '0' });
    for (let i = 0; i < 50; i++) off.failed('203.0.113.9');
    expect([off.refusal('203.0.113.9'), off.size]).toEqual([0, 0]);
    const allowed = secretGuessesFromEnv({ GRIOT_SECRET_GUESSES_PER_ADDRESS: '1', GRIOT_SECRET_GUESSES_ALLOWED_IPS: '10.0.0.0/8, 192.0.2.50' });
    expect([allowed.failed('10.1.2.3'), allowed.failed('192.0.2.50'), allowed.failed('192.0.2.51')]).toEqual([0, 0, 3600]);
    expect(() => secretGuessesFromEnv({ GRIOT_SECRET_GUESSES_PER_ADDRESS: 'ten' })).toThrow(ChannelConfigError);
    expect(() => secretGuessesFromEnv({ GRIOT_SECRET_GUESSES_ALLOWED_IPS: 'jambonz.example' })).toThrow(/GRIOT_SECRET_GUESSES_ALLOWED_IPS/);
  });
});
