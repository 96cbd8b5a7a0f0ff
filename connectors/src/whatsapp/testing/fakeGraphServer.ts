import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { validateGraphMessage } from './validateGraphMessage.ts';

export interface RecordedGraphRequest {
  version: string;
  phoneNumberId: string;
  authorization: string | undefined;
  body: any;
  /** `performance.now()` when the request was fully read (same clock as the test process). */
  receivedAt: number;
  /** What the fake answered. */
  status: number;
  wamid?: string;
}

export interface FakeGraphOptions {
  /** The token the fake accepts; any other gets a 401 like Graph's OAuthException. */
  accessToken?: string;
  /** Keep only this many recorded requests (the benchmark sends many). */
  maxRecorded?: number;
  /** Called with each request as soon as it is read (before the fake answers). */
  onRequest?: (request: RecordedGraphRequest) => void;
}

/** What the next requests should suffer, in order: a status to return or a delay before answering. */
export type GraphFault = { status: 429 | 500 | 503 } | { delayMs: number };

export interface FakeGraphServer {
  /** Base URL to use as WHATSAPP_GRAPH_BASE_URL (loopback). */
  url: string;
  requests: RecordedGraphRequest[];
  /** Accepted messages only (2xx). */
  sent(): RecordedGraphRequest[];
  /** Queues faults applied to the next requests, one per request. */
  failNext(...faults: GraphFault[]): void;
  /**
   * Every request waits this long before it is answered (0: at once), after it was recorded and
   * counted as received: a slow Graph, so a test can stop Griot while sends are in flight.
   * Setting 0 answers the requests still held at once.
   */
  setLatency(ms: number): void;
  /** Resolves once `count` messages were accepted in total. */
  waitForSent(count: number, timeoutMs?: number): Promise<RecordedGraphRequest[]>;
  count: { received: number; accepted: number };
  close(): Promise<void>;
}

/**
 * A loopback stand-in for Meta's Graph API: records every `POST /<version>/<phone_number_id>/messages`,
 * answers like Graph (`{messaging_product, contacts, messages:[{id}]}`), refuses payloads over
 * WhatsApp's limits with Graph's 400 error shape, and can be told to fail or stall.
 */
export async function startFakeGraphServer(options: FakeGraphOptions = {}): Promise<FakeGraphServer> {
  const requests: RecordedGraphRequest[] = [];
  const faults: GraphFault[] = [];
  const count = { received: 0, accepted: 0 };
  const waiters: { count: number; resolve: () => void }[] = [];
  let sequence = 0;
  let latencyMs = 0;
  /** Requests held by the latency: released early when it is lowered. */
  const held = new Set<() => void>();
  const hold = (ms: number) =>
    new Promise<void>((resolve) => {
      const release = () => {
        clearTimeout(timer);
        held.delete(release);
        resolve();
      };
      const timer = setTimeout(release, ms);
      held.add(release);
    });

  const answer = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const graphError = (code: number, message: string, details?: string) => ({
    error: { message, type: 'OAuthException', code, ...(details ? { error_data: { messaging_product: 'whatsapp', details } } : {}), fbtrace_id: `AFake${sequence}` },
  });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const receivedAt = performance.now();
    count.received += 1;
    const match = /^\/(v[0-9]+\.[0-9]+)\/([0-9]+)\/messages$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match) return answer(res, 404, graphError(100, 'Unsupported request'));
    let body: any;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return answer(res, 400, graphError(100, 'Invalid JSON'));
    }
    const record: RecordedGraphRequest = { version: match[1]!, phoneNumberId: match[2]!, authorization: req.headers.authorization, body, receivedAt, status: 0 };
    requests.push(record);
    if (options.maxRecorded !== undefined && requests.length > options.maxRecorded) requests.shift();
    options.onRequest?.(record);

    if (latencyMs > 0) await hold(latencyMs);
    const fault = faults.shift();
    if (fault && 'delayMs' in fault) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault && 'status' in fault) {
      record.status = fault.status;
      return answer(
        res,
        fault.status,
        fault.status === 429
          ? graphError(130429, '(#130429) Rate limit hit', 'Cloud API message throughput has been reached.')
          : graphError(131000, '(#131000) Something went wrong', 'Something went wrong'),
      );
    }
    if (options.accessToken !== undefined && req.headers.authorization !== `Bearer ${options.accessToken}`) {
      record.status = 401;
      return answer(res, 401, graphError(190, 'Invalid OAuth access token - Cannot parse access token'));
    }
    const problem = validateGraphMessage(body);
    if (problem) {
      record.status = 400;
      return answer(res, 400, graphError(131009, '(#131009) Parameter value is not valid', problem));
    }
    sequence += 1;
    record.status = 200;
    record.wamid = `wamid.FAKE${sequence.toString().padStart(10, '0')}`;
    count.accepted += 1;
    for (const waiter of [...waiters]) {
      if (count.accepted >= waiter.count) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
    // Graph names the contact it delivered to: the phone number's wa_id, or the user id it was given.
    const contact = typeof body.to === 'string' ? { input: body.to, wa_id: body.to } : { input: body.recipient, user_id: body.recipient };
    return answer(res, 200, { messaging_product: 'whatsapp', contacts: [contact], messages: [{ id: record.wamid }] });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => answer(res, 500, graphError(1, String(error))));
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    count,
    sent: () => requests.filter((r) => r.status === 200),
    failNext: (...next) => void faults.push(...next),
    setLatency: (ms) => {
      latencyMs = ms;
      if (ms === 0) for (const release of [...held]) release();
    },
    waitForSent: (wanted, timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        const done = () => resolve(requests.filter((r) => r.status === 200));
        if (count.accepted >= wanted) return done();
        const timer = setTimeout(() => reject(new Error(`fake Graph: ${count.accepted} of ${wanted} messages after ${timeoutMs} ms`)), timeoutMs);
        waiters.push({
          count: wanted,
          resolve: () => {
            clearTimeout(timer);
            done();
          },
        });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const release of [...held]) release();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
