import { describe, expect, it } from 'vitest';
import { KeyedQueue } from './KeyedQueue.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('KeyedQueue', () => {
  it('runs the tasks of one key in order, never two at once', async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    let running = 0;
    const task = (name: string, ms: number) => async () => {
      running += 1;
      expect(running).toBe(1);
      log.push(`start ${name}`);
      await sleep(ms);
      log.push(`end ${name}`);
      running -= 1;
      return name;
    };
    const results = await Promise.all([queue.run('a', task('1', 30)), queue.run('a', task('2', 1)), queue.run('a', task('3', 10))]);
    expect(results).toEqual(['1', '2', '3']);
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
    await queue.idle();
    expect(queue.size).toBe(0);
  });

  it('does not hold one key behind another', async () => {
    const queue = new KeyedQueue();
    const order: string[] = [];
    const slow = queue.run('slow', async () => {
      await sleep(50);
      order.push('slow');
    });
    await queue.run('fast', async () => {
      order.push('fast');
    });
    await slow;
    expect(order).toEqual(['fast', 'slow']);
  });

  it('lets a task answer early while the key stays busy', async () => {
    const queue = new KeyedQueue();
    const order: string[] = [];
    const first = queue.run<string>('a', async (reply) => {
      reply('early');
      await sleep(30);
      order.push('first finished');
      return 'late';
    });
    const second = queue.run('a', async () => {
      order.push('second ran');
      return 'second';
    });
    expect(await first).toBe('early');
    expect(order).toEqual([]);
    await second;
    expect(order).toEqual(['first finished', 'second ran']);
  });

  it('keeps going after a task fails', async () => {
    const queue = new KeyedQueue();
    const failed = queue.run('a', async () => {
      throw new Error('boom');
    });
    await expect(failed).rejects.toThrow('boom');
    await expect(queue.run('a', async () => 'ok')).resolves.toBe('ok');
  });
});
