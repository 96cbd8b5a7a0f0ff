import { request } from 'node:http';
import { expect } from 'vitest';
import type { HostileBody } from './hostileBodies.ts';

const ANSWER_WITHIN_MS = 15_000;

export interface FuzzAnswer {
  status: number;
  contentType: string;
  text: string;
}

/** What the suite sent and got, reported at the end. */
export class FuzzFigures {
  requests = 0;
  readonly routes = new Set<string>();
  readonly statuses = new Map<number, number>();
  readonly serverErrors: Array<{ route: string; url: string; status: number; kind: string; answer: string }> = [];
  /** Requests that claimed no or bad credentials, and how many of them were refused (401/403). */
  forged = { tried: 0, refused: 0 };

  record(route: string, url: string, status: number, kind: string, answer: string): void {
    this.requests += 1;
    this.routes.add(route);
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    if (status >= 500) this.serverErrors.push({ route, url, status, kind, answer: answer.slice(0, 300) });
  }

  summary(): string {
    const statuses = [...this.statuses.entries()]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}×${n}`)
      .join(' ');
    return `${this.requests} requests on ${this.routes.size} routes, ${this.serverErrors.length} answered 5xx; forged or anonymous: ${this.forged.refused}/${this.forged.tried} refused; statuses ${statuses}`;
  }
}

export interface SendOptions {
  method: string;
  body?: HostileBody | undefined;
  headers?: Record<string, string>;
  /** How the route is named in the figures (`POST /api/flows/{id}/publish`). */
  route: string;
}

/**
 * Sends one request over real HTTP, on a connection of its own (no keep-alive: a socket the
 * server closes while idle must not pass for a reset caused by the request), and records it.
 */
export function sendFuzz(figures: FuzzFigures, url: string, options: SendOptions): Promise<FuzzAnswer> {
  const headers: Record<string, string | number> = { ...options.headers };
  const body = options.body && options.method !== 'GET' && options.method !== 'HEAD' ? options.body : undefined;
  if (body?.contentType) headers['content-type'] = body.contentType;
  if (body) headers['content-length'] = Buffer.byteLength(body.text);
  return new Promise<FuzzAnswer>((resolve, reject) => {
    const req = request(url, { method: options.method, headers, agent: false }, (res) => {
      const contentType = String(res.headers['content-type'] ?? '');
      const done = (text: string) => {
        clearTimeout(timer);
        figures.record(options.route, url, res.statusCode ?? 0, options.body?.kind ?? 'none', text);
        resolve({ status: res.statusCode ?? 0, contentType, text });
      };
      // A stream (the agents' server-sent events) never ends by itself: its status is the answer.
      if (contentType.includes('text/event-stream')) {
        res.destroy();
        return done('');
      }
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
      res.on('error', reject);
    });
    // An answer that takes this long is a finding too (a hung request holds a connection).
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${ANSWER_WITHIN_MS} ms`)), ANSWER_WITHIN_MS);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${options.method} ${url.slice(0, 200)}: ${error.message}`, { cause: error }));
    });
    req.end(body ? body.text : undefined);
  });
}

/** Never a 5xx; and a 4xx that speaks JSON says what is wrong in the API's error shape. */
export function expectClientError(answer: FuzzAnswer, what: string): void {
  expect(answer.status, `${what} → ${answer.status} ${answer.text.slice(0, 300)}`).toBeLessThan(500);
  if (answer.status >= 400 && answer.contentType.includes('json')) {
    const body = JSON.parse(answer.text) as { error?: { code?: unknown; message?: unknown } };
    expect(typeof body.error?.code, `${what}: error.code in ${answer.text.slice(0, 200)}`).toBe('string');
    expect(typeof body.error?.message, `${what}: error.message in ${answer.text.slice(0, 200)}`).toBe('string');
  }
}

/** A failed property, readable: the counterexample (long runs of one character shortened) and what went wrong. */
export function describeFailure(name: string, error: unknown): string {
  const cause = (error as { cause?: unknown }).cause;
  const text = `${name}: ${String(error)}${cause ? `\n  because: ${cause instanceof Error ? cause.message : String(cause)}` : ''}`;
  return text.replace(/(.)\1{40,}/g, (run, c: string) => `${c}…(${run.length}×)`);
}
