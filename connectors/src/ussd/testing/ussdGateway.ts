import { randomUUID } from 'node:crypto';

/** What a gateway got back: `CON` (a screen waiting for an answer) or `END`, and the screen. */
export interface GatewayAnswer {
  status: number;
  kind?: 'CON' | 'END';
  screen: string;
  /** The raw body. */
  body: string;
}

export interface CallbackFields {
  sessionId: string;
  serviceCode: string;
  phoneNumber: string;
  networkCode?: string;
  text: string;
}

/**
 * Posts one callback as Africa's Talking does (`application/x-www-form-urlencoded`, the token in
 * the callback URL's query) and reads the `text/plain` answer.
 */
export async function postUssd(baseUrl: string, fields: CallbackFields, options: { token?: string; headers?: Record<string, string> } = {}): Promise<GatewayAnswer> {
  const query = options.token !== undefined ? `?token=${encodeURIComponent(options.token)}` : '';
  const response = await fetch(`${baseUrl}/ussd${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...options.headers },
    body: new URLSearchParams({ networkCode: '61603', ...fields }).toString(),
  });
  const body = await response.text();
  const match = /^(CON|END) ?([\s\S]*)$/.exec(body);
  return { status: response.status, body, screen: match?.[2] ?? body, ...(match ? { kind: match[1] as 'CON' | 'END' } : {}) };
}

/** A new gateway session id, in Africa's Talking's shape. */
export function newSessionId(): string {
  return `ATUid_${randomUUID().replace(/-/g, '')}`;
}

/** A screen without its paging lines ("00 Suite", "0 Retour"), and whether it offers the next one. */
export function readScreen(screen: string, nextKey = '00', backKey = '0'): { body: string; hasNext: boolean; hasBack: boolean } {
  const lines = screen.split('\n');
  let hasNext = false;
  let hasBack = false;
  for (;;) {
    const last = lines.at(-1) ?? '';
    if (!hasBack && new RegExp(`^${backKey} \\S+$`).test(last) && lines.length > 1) hasBack = true;
    else if (!hasNext && new RegExp(`^${nextKey} \\S+$`).test(last) && lines.length > 1) hasNext = true;
    else break;
    lines.pop();
  }
  return { body: lines.join('\n'), hasNext, hasBack };
}
