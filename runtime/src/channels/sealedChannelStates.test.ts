import { randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { SqliteStore } from '../store/sqlite/SqliteStore.ts';
import { createLogger } from '../logger.ts';
import { parseDataKeys, type DataKeyring } from '../sensitive/dataKeys.ts';
import { sealedChannelStates } from './sealedChannelStates.ts';

const keyring = (): DataKeyring => {
  const parsed = parseDataKeys(`k1:${randomBytes(32).toString('base64')}`, undefined);
  if (!parsed.ok || !parsed.keyring) throw new Error('bad test key');
  return parsed.keyring;
};
const silent = createLogger({ logLevel: 'silent' } as never);
const T0 = Date.parse('2026-12-04T06:00:00.000Z');
const KEY = 'ussd:ATUid_1';
const screen = (text: string) => ({ v: 1, answer: `CON ${text}`, pages: [{ screen: text, hasNext: false, hasBack: false }] });

/** Two instances on one SQLite file's worth of states (one store), each with its own clock. */
function twoInstances() {
  const store = new SqliteStore(':memory:');
  const keys = keyring();
  let minutes = 0;
  const now = () => new Date(T0 + minutes * 60_000).toISOString();
  const at = (m: number) => new Date(T0 + m * 60_000).toISOString();
  return {
    store,
    one: sealedChannelStates(store.channelStates, keys, now, silent),
    two: sealedChannelStates(store.channelStates, keys, now, silent),
    at,
    advance: (m: number) => (minutes += m),
  };
}

describe('sealed channel states', () => {
  it('keeps the screens sealed in the store, and reads back what this instance wrote without opening the stored row', async () => {
    const { store, one, at } = twoInstances();
    expect(await one.claim(KEY, screen('…'), 0, at(10))).toBe(true);
    expect(await one.put(KEY, screen('Votre code PUK est 12345678'), 1, at(10))).toBe(true);
    const raw = JSON.stringify(await store.channelStates.getChannelState(KEY, at(0)));
    expect(raw).toContain('A256GCM');
    expect(raw).not.toContain('12345678');

    const rowReads = vi.spyOn(store.channelStates, 'getChannelState');
    expect(await one.get(KEY)).toEqual({ value: screen('Votre code PUK est 12345678'), revision: 2 });
    expect(await one.get(KEY)).toEqual({ value: screen('Votre code PUK est 12345678'), revision: 2 });
    expect(rowReads).not.toHaveBeenCalled();
  });

  it("reads another instance's later write from the store, not what it kept of its own", async () => {
    const { one, two, at } = twoInstances();
    await one.put(KEY, screen('1. Solde'), 0, at(10));
    expect(await two.get(KEY)).toEqual({ value: screen('1. Solde'), revision: 1 });
    expect(await two.claim(KEY, screen('busy'), 1, at(10))).toBe(true);
    expect(await one.get(KEY)).toEqual({ value: screen('busy'), revision: 2 });
    expect(await two.put(KEY, screen('Solde: 1250 F'), 2, at(10))).toBe(true);
    expect(await one.get(KEY)).toEqual({ value: screen('Solde: 1250 F'), revision: 3 });
    // A write that lost the race keeps nothing: the winner's state is what reads give.
    expect(await one.put(KEY, screen('stale'), 2, at(10))).toBe(false);
    expect(await one.get(KEY)).toEqual({ value: screen('Solde: 1250 F'), revision: 3 });
  });

  it('reads a state written from scratch by another instance (after an expiry, after a delete), not the one it kept', async () => {
    const { one, two, at, advance } = twoInstances();
    await one.put(KEY, screen('first session'), 0, at(2));
    advance(3);
    // The gateway reused its session id: another instance starts it over, at revision 1 again.
    await two.put(KEY, screen('second session'), 0, at(13));
    expect(await one.get(KEY)).toEqual({ value: screen('second session'), revision: 1 });

    await one.put(KEY, screen('kept by one'), 1, at(14));
    await two.delete(KEY);
    expect(await two.put(KEY, screen('written by two'), 0, at(15))).toBe(true);
    expect(await two.put(KEY, screen('written by two, again'), 1, at(15))).toBe(true);
    expect(await one.get(KEY)).toEqual({ value: screen('written by two, again'), revision: 2 });
  });

  it('reads nothing once a state expired or was deleted', async () => {
    const { one, two, at, advance } = twoInstances();
    await one.put(KEY, screen('1. Solde'), 0, at(2));
    advance(3);
    expect(await one.get(KEY)).toBeNull();
    await one.put(KEY, screen('1. Solde'), 0, at(10));
    await two.delete(KEY);
    expect(await one.get(KEY)).toBeNull();
    await one.put(KEY, screen('1. Solde'), 0, at(10));
    await one.delete(KEY);
    expect(await one.get(KEY)).toBeNull();
    expect(await two.get(KEY)).toBeNull();
  });

  it('stores states as they are without a data key', async () => {
    const store = new SqliteStore(':memory:');
    const states = sealedChannelStates(store.channelStates, undefined, () => new Date(T0).toISOString(), silent);
    await states.put(KEY, screen('1. Solde'), 0, new Date(T0 + 60_000).toISOString());
    expect((await store.channelStates.getChannelState(KEY, new Date(T0).toISOString()))?.value).toEqual(screen('1. Solde'));
    expect(await states.get(KEY)).toEqual({ value: screen('1. Solde'), revision: 1 });
  });
});
