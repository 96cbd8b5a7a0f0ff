import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { guardedWriter } from './agentStreams.ts';

/** A socket whose client reads only when told. */
class Socket extends EventEmitter {
  full = false;
  written: string[] = [];
  write(text: string): boolean {
    this.written.push(text);
    return !this.full;
  }
}

describe('guardedWriter', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('cuts a stream whose client does not read what fills its buffer, and not one that reads it in time', () => {
    vi.useFakeTimers();
    const reader = new Socket();
    const stalled = new Socket();
    const cut = { reader: 0, stalled: 0 };
    const toReader = guardedWriter(reader, 5_000, () => cut.reader++);
    const toStalled = guardedWriter(stalled, 5_000, () => cut.stalled++);
    reader.full = stalled.full = true;
    toReader.write('event\n\n');
    toStalled.write('event\n\n');
    toStalled.write('event\n\n');
    vi.advanceTimersByTime(4_000);
    reader.full = false;
    reader.emit('drain');
    vi.advanceTimersByTime(2_000);
    expect(cut).toEqual({ reader: 0, stalled: 1 });
  });
});
