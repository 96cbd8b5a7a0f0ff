import type { ServerResponse } from 'node:http';
import { markRefusal } from '../channel/refusalLog.ts';

/**
 * What a webhook answers, whichever path took it (express's router or `HotRoutes`): one answer
 * computed once, written with `writeHead` + `end` (no ETag, no `res.json`).
 */
export interface WebhookAnswer {
  status: number;
  /** Sent as is; a JSON body is written as `application/json; charset=utf-8`. */
  body?: string | { json: unknown };
  /** The body's type when it is text. */
  contentType?: string;
  headers?: Record<string, string>;
}

/** A refusal in the API's error shape. */
export function errorAnswer(status: number, error: Record<string, string>, headers?: Record<string, string>): WebhookAnswer {
  return { status, body: { json: { error } }, ...(headers ? { headers } : {}) };
}

export function sendWebhookAnswer(res: ServerResponse, answer: WebhookAnswer): void {
  const { body } = answer;
  // A refused credential: its line is the channel's `RefusalLog`'s, throttled.
  if (answer.status === 401 || answer.status === 403) markRefusal(res);
  if (body === undefined) {
    res.writeHead(answer.status, answer.headers);
    res.end();
    return;
  }
  const json = typeof body !== 'string';
  const text = json ? JSON.stringify(body.json) : body;
  res.writeHead(answer.status, {
    ...answer.headers,
    'content-type': json ? 'application/json; charset=utf-8' : (answer.contentType ?? 'text/plain; charset=utf-8'),
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
