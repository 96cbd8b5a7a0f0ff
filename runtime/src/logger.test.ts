import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

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
