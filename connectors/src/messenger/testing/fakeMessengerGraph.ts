import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { validateSendRequest } from './validateSendRequest.ts';

export interface RecordedSendRequest {
  version: string;
  authorization: string | undefined;
  body: any;
  /** What the fake answered, and the Graph error code when it refused. */
  status: number;
  code?: number;
  messageId?: string;
}

/** What the next requests should suffer, in order: a Graph error, a bare HTTP status or a delay before answering. */
export type SendFault = { code: number; subcode?: number; status?: number } | { status: 500 | 503 } | { delayMs: number };

export interface FakeMessengerGraphOptions {
  /** The Page token the fake accepts; any other gets Graph's 190. */
  pageAccessToken?: string;
  /** The fake's clock, for the messaging windows. */
  now?: () => number;
}

export interface FakeMessengerGraph {
  /** Base URL to use as MESSENGER_GRAPH_BASE_URL (loopback). */
  url: string;
  requests: RecordedSendRequest[];
  /** Accepted messages only. */
  sent(): RecordedSendRequest[];
  /** The person last wrote to the Page at `at` (ms): the fake then holds Griot to Messenger's windows for them. */
  subscriberWrote(psid: string, at: number): void;
  /** The person blocked the Page: every message to them is refused (551). */
  block(psid: string): void;
  failNext(...faults: SendFault[]): void;
  waitForSent(count: number, timeoutMs?: number): Promise<RecordedSendRequest[]>;
  close(): Promise<void>;
}

const DAY_MS = 24 * 3_600_000;

/**
 * A loopback stand-in for Meta's Send API: records every `POST /<version>/me/messages`, answers
 * like Meta (`{recipient_id, message_id}`), refuses what Meta refuses with Graph's error shape:
 * a body over Messenger's limits or with a wrong messaging type or tag (code 100), a standard
 * message more than 24 hours after the person last wrote or a `HUMAN_AGENT` one more than 7 days
 * after (code 10, subcode 2018278), a person who blocked the Page (551), a wrong token (190).
 */
export async function startFakeMessengerGraph(options: FakeMessengerGraphOptions = {}): Promise<FakeMessengerGraph> {
  const now = options.now ?? Date.now;
  const requests: RecordedSendRequest[] = [];
  const faults: SendFault[] = [];
  const lastWrote = new Map<string, number>();
  const blocked = new Set<string>();
  const waiters: { count: number; resolve: () => void }[] = [];
  let sequence = 0;

  const answer = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const graphError = (code: number, message: string, subcode?: number) => ({
    error: { message, type: 'OAuthException', code, ...(subcode !== undefined ? { error_subcode: subcode } : {}), fbtrace_id: `AFake${sequence}` },
  });
  const refuse = (res: ServerResponse, record: RecordedSendRequest, status: number, code: number, message: string, subcode?: number) => {
    record.status = status;
    record.code = code;
    answer(res, status, graphError(code, message, subcode));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://fake');
    const match = /^\/(v[0-9]+\.[0-9]+)\/me\/messages$/.exec(url.pathname);
    if (req.method !== 'POST' || !match) return answer(res, 400, graphError(100, 'Unsupported post request.'));
    let body: any;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return answer(res, 400, graphError(100, 'Invalid JSON'));
    }
    const authorization = req.headers.authorization ?? (url.searchParams.has('access_token') ? `Bearer ${url.searchParams.get('access_token')}` : undefined);
    const record: RecordedSendRequest = { version: match[1]!, authorization, body, status: 0 };
    requests.push(record);

    const fault = faults.shift();
    if (fault && 'delayMs' in fault) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault && 'code' in fault) return refuse(res, record, fault.status ?? 400, fault.code, `(#${fault.code}) fault injected by the test`, fault.subcode);
    if (fault && 'status' in fault) {
      record.status = fault.status;
      return answer(res, fault.status, graphError(2, 'An unexpected error has occurred. Please retry your request later.'));
    }
    if (options.pageAccessToken !== undefined && authorization !== `Bearer ${options.pageAccessToken}`) {
      return refuse(res, record, 400, 190, 'Invalid OAuth access token - Cannot parse access token');
    }
    const problem = validateSendRequest(body);
    if (problem) return refuse(res, record, 400, 100, `(#100) ${problem}`);
    const psid: string = body.recipient.id;
    if (blocked.has(psid)) return refuse(res, record, 400, 551, "(#551) This person isn't available right now.");
    const wrote = lastWrote.get(psid);
    if (wrote !== undefined) {
      const since = now() - wrote;
      const allowed = body.messaging_type === 'MESSAGE_TAG' ? (body.tag === 'HUMAN_AGENT' ? 7 * DAY_MS : Infinity) : DAY_MS;
      if (since > allowed) return refuse(res, record, 400, 10, '(#10) This message is sent outside of allowed window.', 2018278);
    }
    sequence += 1;
    record.status = 200;
    record.messageId = `m_FAKE${sequence.toString().padStart(10, '0')}`;
    for (const waiter of [...waiters]) {
      if (requests.filter((r) => r.status === 200).length >= waiter.count) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
    return answer(res, 200, { recipient_id: psid, message_id: record.messageId });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => answer(res, 500, graphError(1, String(error))));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const sent = () => requests.filter((r) => r.status === 200);

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    sent,
    subscriberWrote: (psid, at) => void lastWrote.set(psid, at),
    block: (psid) => void blocked.add(psid),
    failNext: (...next) => void faults.push(...next),
    waitForSent: (wanted, timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        if (sent().length >= wanted) return resolve(sent());
        const timer = setTimeout(() => reject(new Error(`fake Send API: ${sent().length} of ${wanted} messages after ${timeoutMs} ms`)), timeoutMs);
        waiters.push({
          count: wanted,
          resolve: () => {
            clearTimeout(timer);
            resolve(sent());
          },
        });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
