import type { IncomingMessage, ServerResponse } from 'node:http';

/** The 413 of every JSON route and webhook, in the API's error shape. */
export const TOO_LARGE = { error: { code: 'entity_too_large', message: 'request entity too large', field: 'body' } } as const;

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** A body limit in bytes, from a number or body-parser's spelling (`'512kb'`, `'20mb'`: units of 1024). */
export function limitInBytes(limit: string | number): number {
  if (typeof limit === 'number') return limit;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(limit);
  if (!match) throw new Error(`not a body limit: ${limit}`);
  return Math.floor(Number(match[1]) * UNITS[(match[2] ?? 'b').toLowerCase()]!);
}

/** Whether the request declares (`Content-Length`) a body longer than `limit` bytes. */
export function declaresMoreThan(req: IncomingMessage, limit: number): boolean {
  const declared = req.headers['content-length'];
  return declared !== undefined && Number(declared) > limit;
}

/**
 * Makes the answer the connection's last (`Connection: close`): a refused body is not read, so
 * the connection cannot carry another request, and node closes it once the answer is written
 * instead of reading on what the client still sends.
 */
export function closeAfterAnswer(res: ServerResponse): void {
  if (!res.headersSent) res.setHeader('connection', 'close');
}
