import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runAfterAnswer } from '@griot/connectors';
import { pino } from 'pino';
import { BatchedLogDestination } from './BatchedLogDestination.ts';
import { createLogger, infoLater } from './logger.ts';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger({ logLevel: 'info' }, destination) };
}

describe('createLogger', () => {
  it('censors credentials at the top of a line and one level down, and keeps everything else', () => {
    const { lines, logger } = capture();
    const fields = { user: 'awa', password: 'correct horse', headers: { authorization: 'Bearer abc', accept: 'json' }, session: { cookie: 'sid=1', id: 's1' }, count: 3 };
    logger.info(fields, 'login');
    expect(lines[0]).toMatchObject({
      level: 'info',
      service: 'griot',
      msg: 'login',
      user: 'awa',
      password: '[redacted]',
      headers: { authorization: '[redacted]', accept: 'json' },
      session: { cookie: '[redacted]', id: 's1' },
      count: 3,
    });
    // What the caller logged is left as it was.
    expect(fields.password).toBe('correct horse');
    expect(fields.headers.authorization).toBe('Bearer abc');
  });

  it('censors a token an error carries and still logs the error itself', () => {
    const { lines, logger } = capture();
    const error = Object.assign(new TypeError('backend refused'), { token: 'secret-token', status: 401 });
    logger.error({ err: error, hook: 'call' }, 'failed');
    const err = lines[0]?.err as Record<string, unknown>;
    expect(err).toMatchObject({ type: 'TypeError', message: 'backend refused', token: '[redacted]', status: 401 });
    expect(String(err.stack)).toContain('backend refused');
    expect(error.token).toBe('secret-token');
  });

  it('censors credentials in a child logger’s bindings', () => {
    const { lines, logger } = capture();
    logger.child({ component: 'api', token: 'abc' }).warn({ authorization: 'Basic xyz' }, 'refused');
    expect(lines[0]).toMatchObject({ component: 'api', token: '[redacted]', authorization: '[redacted]', msg: 'refused' });
  });

  it('writes a line without credentials unchanged', () => {
    const { lines, logger } = capture();
    logger.info({ event: 'conversation.start', session: 'voice:abc', nested: { node: 'menu', turns: [1, 2] } }, 'conversation started');
    expect(lines[0]).toMatchObject({ event: 'conversation.start', session: 'voice:abc', nested: { node: 'menu', turns: [1, 2] } });
  });
});

describe('infoLater', () => {
  /** A logger on the server's destination (batched, the timer far away), its batches collected. */
  function batched() {
    const batches: string[] = [];
    const sink = { write: (batch: string) => batches.push(batch) > 0, flush: () => {}, flushSync: () => {} };
    const destination = new BatchedLogDestination(sink, 60_000);
    return { batches, destination, logger: createLogger({ logLevel: 'info' }, destination) };
  }
  const sameTime = (text: string | undefined) => text?.replace(/"time":"[^"]+"/g, '"time":"T"');

  it('builds the line when its batch goes out, as pino writes it, in its place among the other lines', () => {
    const { batches, destination, logger } = batched();
    const log = logger.child({ component: 'conversations' });
    const fields = { event: 'conversation.start', session: 'voice:ab"c\\é\n', flowId: 'f', version: null, environment: undefined, preview: false, turns: 3 };
    let built = 0;
    log.info('before');
    infoLater(
      log,
      () => {
        built += 1;
        return fields;
      },
      'conversation started',
    );
    log.info('after');
    // Built by the line written after it (to keep the order), not before.
    expect(built).toBe(1);
    infoLater(log, () => ({}), 'nothing else');
    destination.flushSync();
    expect(batches).toHaveLength(1);

    const expected: string[] = [];
    const pinoLog = pino(
      { level: 'info', base: { service: 'griot' }, timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } },
      { write: (line: string) => void expected.push(line) },
    ).child({ component: 'conversations' });
    pinoLog.info('before');
    pinoLog.info(fields, 'conversation started');
    pinoLog.info('after');
    pinoLog.info({}, 'nothing else');
    expect(sameTime(batches[0])).toBe(sameTime(expected.join('')));
  });

  it('waits for the batch: nothing is built until it goes out, then each line once', () => {
    const { batches, destination, logger } = batched();
    let built = 0;
    for (let i = 0; i < 3; i++)
      infoLater(
        logger,
        () => {
          built += 1;
          return { i };
        },
        'line',
      );
    expect(built).toBe(0);
    destination.flush();
    expect(built).toBe(3);
    destination.flush();
    expect(built).toBe(3);
    expect(batches.join('').split('\n').filter(Boolean)).toHaveLength(3);
  });

  it('censors a credential, and writes nothing below the logger’s level', () => {
    const { batches, destination, logger } = batched();
    infoLater(logger, () => ({ event: 'x', token: 'secret' }), 'with a token');
    destination.flushSync();
    expect(JSON.parse(batches[0]!)).toMatchObject({ token: '[redacted]', msg: 'with a token' });
    expect(batches[0]).not.toContain('secret');

    const quiet = new BatchedLogDestination({ write: () => expect.unreachable(), flush: () => {}, flushSync: () => {} }, 60_000);
    let built = 0;
    infoLater(
      createLogger({ logLevel: 'warn' }, quiet),
      () => {
        built += 1;
        return {};
      },
      'not written',
    );
    quiet.flushSync();
    expect(built).toBe(0);
  });

  it('waits for the answer, not a batch, when lines are written one by one (LOG_FLUSH_MS=0)', () => {
    const batches: string[] = [];
    const destination = new BatchedLogDestination({ write: (batch: string) => batches.push(batch) > 0, flush: () => {}, flushSync: () => {} }, 0);
    let built = 0;
    infoLater(
      createLogger({ logLevel: 'info' }, destination),
      () => {
        built += 1;
        return { event: 'conversation.start' };
      },
      'conversation started',
    );
    expect(built).toBe(0);
    runAfterAnswer();
    expect(built).toBe(1);
    expect(batches.map((batch) => JSON.parse(batch).msg)).toEqual(['conversation started']);
  });

  it('logs through pino once the answer is written on another destination', () => {
    const { lines, logger } = capture();
    infoLater(logger, () => ({ event: 'conversation.end', turns: 2 }), 'conversation ended');
    expect(lines).toEqual([]);
    runAfterAnswer();
    expect(lines).toEqual([expect.objectContaining({ level: 'info', event: 'conversation.end', turns: 2, msg: 'conversation ended' })]);
  });
});
