import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';
import { installProcessGuards, UNCAUGHT_EXIT_CODE, type ProcessFault } from './processGuards.ts';

/** The guards on a stand-in process, logging through Griot's own logger (its redaction) into `lines`. */
function guarded() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8'));
      callback();
    },
  });
  const target = new EventEmitter();
  const counted: ProcessFault[] = [];
  const shutdowns: Array<[ProcessFault, number]> = [];
  const uninstall = installProcessGuards({
    logger: createLogger({ logLevel: 'info' }, stream),
    count: (fault) => counted.push(fault),
    shutdown: (fault, code) => shutdowns.push([fault, code]),
    target: target as unknown as NodeJS.Process,
  });
  return { target, lines, counted, shutdowns, uninstall };
}

describe('installProcessGuards', () => {
  it('logs a rejected value that is not an error by its type only: a session or a look-up body stays out of the log', () => {
    const { target, lines, counted, shutdowns } = guarded();
    target.emit('unhandledRejection', { session: { vars: { puk: '87654321' } }, caller: '+2290197000055' });
    target.emit('unhandledRejection', 'PUK 87654321');
    expect(counted).toEqual(['unhandledRejection', 'unhandledRejection']);
    expect(shutdowns).toEqual([]);
    expect(lines.map((l) => JSON.parse(l).fault)).toEqual([{ type: 'Object' }, { type: 'string' }]);
    expect(lines.join('')).not.toContain('87654321');
    expect(lines.join('')).not.toContain('0197000055');
  });

  it('logs an error by class, code, message and stack, without what else it carries; credentials censored as on every line', () => {
    const { target, lines } = guarded();
    const error = Object.assign(new TypeError('cannot read properties of undefined'), { code: 'ERR_X', response: { body: '{"puk":"87654321"}' } });
    target.emit('unhandledRejection', error);
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({ level: 'error', event: 'process.unhandledRejection', fault: { type: 'TypeError', code: 'ERR_X', message: 'cannot read properties of undefined' } });
    expect(line.fault.stack).toContain('processGuards.test.ts');
    expect(lines[0]).not.toContain('87654321');
  });

  it('after an uncaught exception, asks for the graceful shutdown with a non-zero code; uninstalled, it listens no more', () => {
    const { target, counted, shutdowns, uninstall } = guarded();
    target.emit('uncaughtException', new Error('boom'), 'uncaughtException');
    expect(counted).toEqual(['uncaughtException']);
    expect(shutdowns).toEqual([['uncaughtException', UNCAUGHT_EXIT_CODE]]);
    uninstall();
    expect(target.listenerCount('unhandledRejection') + target.listenerCount('uncaughtException')).toBe(0);
  });
});
