import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogs } from '../conversations/testSupport.ts';
import { DependencyError } from '../errors.ts';
import { errorMiddleware } from './errorMiddleware.ts';

const NUMBER = '2290197000042';
const logs = captureLogs();
let server: Server;
let base: string;

beforeAll(async () => {
  const app = express();
  app.get('/api/callers/:number/bug', () => {
    throw new Error('a bug');
  });
  app.get('/api/callers/:number/dependency', () => {
    throw new DependencyError('unavailable', 'store_unavailable', 'the store did not answer');
  });
  app.get('/api/flows/full', () => {
    // What better-sqlite3 throws on a full disk (SqliteError: its code, a message without it).
    throw Object.assign(new Error('database or disk is full'), { name: 'SqliteError', code: 'SQLITE_FULL' });
  });
  app.get('/api/callers/:number/encoding', () => undefined);
  app.use(errorMiddleware(logs.logger));
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('errors at the edge', () => {
  it('log the path with a caller’s number masked, as the request log does', async () => {
    expect((await fetch(`${base}/api/callers/%2B${NUMBER}/bug`)).status).toBe(500);
    expect((await fetch(`${base}/api/callers/%2B${NUMBER}/dependency`)).status).toBe(503);
    expect((await fetch(`${base}/api/callers/%2B${NUMBER}%E0%A4%A/encoding`)).status).toBe(400);
    const written = logs.lines.join('');
    expect(written).toContain('unhandled error');
    expect(written).toContain('dependency failure');
    expect(written).toContain('badly encoded path');
    expect(written).toContain('/api/callers/+…42/bug');
    expect(written).not.toContain('0197000042');
  });

  it('say which failure of the store a 503 stands for (a full disk), in the log only', async () => {
    const response = await fetch(`${base}/api/flows/full`);
    expect(response.status).toBe(503);
    expect(JSON.stringify(await response.json())).not.toContain('SQLITE_FULL');
    const line = logs.lines.find((l) => l.includes('"/api/flows/full"'));
    expect(JSON.parse(line ?? '{}')).toMatchObject({ code: 'store_unavailable', cause: 'SQLITE_FULL', msg: 'dependency failure' });
  });
});
