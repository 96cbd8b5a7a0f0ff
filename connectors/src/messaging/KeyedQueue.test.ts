import { describe, expect, it } from 'vitest';
import { KeyedQueue } from './KeyedQueue.ts';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe('KeyedQueue', () => {
  it('keeps order per key and runs keys side by side', async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    queue.tryRun('a', async () => { await sleep(20); log.push('a1'); });
    queue.tryRun('a', async () => { log.push('a2'); });
    queue.tryRun('b', async () => { log.push('b1'); });
    await queue.idle();
    expect(log).toEqual(['b1', 'a1', 'a2']);
  });

  it('carries on after a failing task and reports it', async () => {
    const errors: string[] = [];
    const queue = new KeyedQueue(10, (_e, key) => errors.push(key));
    const log: string[] = [];
    queue.tryRun('a', async () => { throw new Error('boom'); });
    queue.tryRun('a', async () => { log.push('after'); });
    await queue.idle();
    expect(errors).toEqual(['a']);
    expect(log).toEqual(['after']);
  });

  it('refuses past its bound', async () => {
    const queue = new KeyedQueue(2);
    expect(queue.tryRun('a', () => sleep(10))).toBe(true);
    expect(queue.tryRun('b', () => sleep(10))).toBe(true);
    expect(queue.tryRun('c', () => sleep(10))).toBe(false);
    await queue.idle();
    expect(queue.tryRun('c', async () => {})).toBe(true);
    await queue.idle();
  });
});
