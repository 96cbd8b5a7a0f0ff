import { describe, expect, it } from 'vitest';
import { BindingCache } from './bindingCache.ts';
import type { ChannelBinding } from '../channel/ConversationPort.ts';

const binding = (flowId: string): ChannelBinding => ({ id: 'b1', channel: 'voice', address: '1919', flowId, settings: {} });

describe('the voice binding cache', () => {
  it('answers from memory for a few seconds, and reads the store again at once after `clear`', async () => {
    let stored = binding('old-flow');
    let reads = 0;
    const cache = new BindingCache(
      async () => ((reads += 1), stored),
      5000,
      () => 1_000,
    );
    expect((await cache.find('1919'))?.flowId).toBe('old-flow');
    stored = binding('new-flow');
    expect((await cache.find('1919'))?.flowId).toBe('old-flow');
    expect(reads).toBe(1);
    cache.clear();
    expect((await cache.find('1919'))?.flowId).toBe('new-flow');
  });

  it('tells a fresh binding at once, and nothing once it is stale or cleared', async () => {
    let now = 1_000;
    const cache = new BindingCache(
      async () => binding('flow'),
      5000,
      () => now,
    );
    expect(cache.fresh('1919')).toBeUndefined();
    await cache.find(' 1919 ');
    expect(cache.fresh('1919')?.flowId).toBe('flow');
    now += 5000;
    expect(cache.fresh('1919')).toBeUndefined();
    await cache.find('1919');
    cache.clear();
    expect(cache.fresh('1919')).toBeUndefined();
  });

  it('does not keep what a look-up read before a `clear` that came while it ran', async () => {
    let release: () => void = () => {};
    let stored = binding('old-flow');
    const cache = new BindingCache(
      async () => {
        const seen = stored;
        await new Promise<void>((resolve) => (release = resolve));
        return seen;
      },
      5000,
      () => 1_000,
    );
    const slow = cache.find('1919');
    await new Promise((resolve) => setImmediate(resolve));
    stored = binding('new-flow');
    cache.clear();
    release();
    expect((await slow)?.flowId).toBe('old-flow');
    const next = cache.find('1919');
    await new Promise((resolve) => setImmediate(resolve));
    release();
    expect((await next)?.flowId).toBe('new-flow');
  });
});
