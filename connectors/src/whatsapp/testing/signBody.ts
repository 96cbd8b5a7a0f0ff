import { createHmac } from 'node:crypto';

/** The `X-Hub-Signature-256` header Meta sends with a body, for tests and the benchmark. */
export function signBody(appSecret: string, rawBody: string | Buffer): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}
