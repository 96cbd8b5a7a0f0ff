import { describe, expect, it } from 'vitest';
import { KeyedQueue } from './KeyedQueue.ts';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe('KeyedQueue, for channels (tryRun)', () => {
  it('keeps order per key and runs keys side by side', async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    queue.tryRun('a', async () => {
      await sleep(20);
      log.push('a1');
    });
    queue.tryRun('a', async () => {
      log.push('a2');
    });
    queue.tryRun('b', async () => {
      log.push('b1');
    });
    await queue.idle();
    expect(log).toEqual(['b1', 'a1', 'a2']);
  });

  it('carries on after a failing task and reports it', async () => {
    const errors: string[] = [];
    const queue = new KeyedQueue(10, (_e, key) => errors.push(key));
    const log: string[] = [];
    queue.tryRun('a', async () => {
      throw new Error('boom');
    });
    queue.tryRun('a', async () => {
      log.push('after');
    });
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

  it('gives each share its own bound: one sender flooding is refused while another still gets in', async () => {
    const queue = new KeyedQueue(100, undefined, 3);
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const flood = Array.from({ length: 10 }, () => queue.tryRun('whatsapp:1:flooder', () => held));
    expect(flood.filter(Boolean)).toHaveLength(3);
    expect([queue.pendingFor('whatsapp:1:flooder'), queue.admits('whatsapp:1:flooder')]).toEqual([3, false]);
    const ran: string[] = [];
    expect(queue.tryRun('whatsapp:1:other', async () => void ran.push('other'))).toBe(true);
    // A share other than the key: two USSD sessions of one phone number count together.
    expect(queue.tryRun('ussd:s1', () => held, '+22997')).toBe(true);
    expect(queue.tryRun('ussd:s2', () => held, '+22997')).toBe(true);
    expect(queue.tryRun('ussd:s3', () => held, '+22997')).toBe(true);
    expect(queue.tryRun('ussd:s4', () => held, '+22997')).toBe(false);
    await sleep(5);
    expect(ran).toEqual(['other']);
    release();
    await queue.idle();
    expect([queue.pendingFor('whatsapp:1:flooder'), queue.pendingFor('+22997'), queue.admits('whatsapp:1:flooder', 3)]).toEqual([0, 0, true]);
  });
});

describe('KeyedQueue, for the conversation engine (run)', () => {
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

  it('rejects the caller of a task that throws before its first await, and runs the key on', async () => {
    const queue = new KeyedQueue();
    // Not an async function: what a caller typed loosely could pass; it throws as it is called.
    const failed = queue.run<string>('a', (() => {
      throw new Error('thrown at once');
    }) as unknown as () => Promise<string>);
    const next = queue.run('a', async () => 'next');
    await expect(failed).rejects.toThrow('thrown at once');
    await expect(next).resolves.toBe('next');
    await queue.idle();
    expect(queue.pending).toBe(0);
    expect(queue.busy('a')).toBe(false);
  });

  it('is idle only once a task that answered early has finished, on every key', async () => {
    const queue = new KeyedQueue();
    const done: string[] = [];
    const answered = queue.run<string>('a', async (reply) => {
      reply('early');
      await sleep(30);
      done.push('a');
      return 'late';
    });
    void queue.run('b', async () => {
      await sleep(10);
      done.push('b');
    });
    expect(await answered).toBe('early');
    await queue.idle();
    expect(done).toEqual(['b', 'a']);
    expect(queue.size).toBe(0);
  });
});
