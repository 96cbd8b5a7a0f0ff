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

/** A file uploaded to `POST /<version>/<phone_number_id>/media`, as the fake read it from the multipart body. */
export interface UploadedMedia {
  id: string;
  phoneNumberId: string;
  /** The form's `type` field (a MIME type). */
  type: string;
  filename: string;
  bytes: Uint8Array;
}

/** The MIME types Graph takes for audio messages (Meta's supported media types), at most 16 MB. */
const AUDIO_TYPES = ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'];
const MAX_AUDIO_BYTES = 16 * 1024 * 1024;

export interface FakeGraphOptions {
  /** The token the fake accepts; any other gets a 401 like Graph's OAuthException. */
  accessToken?: string;
  /** Keep only this many recorded requests (the benchmark sends many). */
  maxRecorded?: number;
  /** Called with each request as soon as it is read (before the fake answers). */
  onRequest?: (request: RecordedGraphRequest) => void;
}

/** What the next requests should suffer, in order: a status to return, a refusal with a Cloud API error code (131047: outside the 24-hour window), or a delay before answering. */
export type GraphFault = { status: 429 | 500 | 503 } | { status: 400; code: number; details: string } | { delayMs: number };

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
  /** Files uploaded and not expired, by media id. */
  media: Map<string, UploadedMedia>;
  /** Every upload answered with an id, expired ones included. */
  uploads: UploadedMedia[];
  /** Graph drops the file (its 30 days are over): a message naming its id is refused from now on. */
  expireMedia(id: string): void;
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

  const media = new Map<string, UploadedMedia>();
  const uploads: UploadedMedia[] = [];

  /**
   * `POST /<version>/<phone_number_id>/media`: a multipart form with `messaging_product`
   * (whatsapp), `type` (the MIME type) and `file`, read with the platform's own form parser;
   * answers `{ id }` as Graph does, or Graph's 400 for a form or a file it does not take.
   */
  const upload = async (req: IncomingMessage, res: ServerResponse, body: Buffer, phoneNumberId: string) => {
    if (options.accessToken !== undefined && req.headers.authorization !== `Bearer ${options.accessToken}`) {
      return answer(res, 401, graphError(190, 'Invalid OAuth access token - Cannot parse access token'));
    }
    let form: FormData;
    try {
      form = await new Request('http://graph.invalid/', { method: 'POST', headers: { 'content-type': String(req.headers['content-type'] ?? '') }, body: new Uint8Array(body) }).formData();
    } catch {
      return answer(res, 400, graphError(100, '(#100) The parameter file is required and must be sent as multipart/form-data'));
    }
    const file = form.get('file');
    const type = form.get('type');
    if (form.get('messaging_product') !== 'whatsapp') return answer(res, 400, graphError(100, '(#100) The parameter messaging_product is required.'));
    if (typeof type !== 'string' || !(file instanceof Blob)) return answer(res, 400, graphError(100, '(#100) The parameters type and file are required.'));
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (!AUDIO_TYPES.includes(type) || !looksLike(type, bytes)) {
      return answer(res, 400, graphError(131053, '(#131053) Media upload error', `Unsupported or mismatched media type: ${type}`));
    }
    if (bytes.length > MAX_AUDIO_BYTES) return answer(res, 400, graphError(131053, '(#131053) Media upload error', 'Audio larger than 16 MB'));
    sequence += 1;
    const id = `${1_000_000_000_000 + sequence}`;
    const uploaded: UploadedMedia = { id, phoneNumberId, type, filename: file instanceof File ? file.name : '', bytes };
    media.set(id, uploaded);
    uploads.push(uploaded);
    return answer(res, 200, { id });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const receivedAt = performance.now();
    count.received += 1;
    const mediaRoute = /^\/(v[0-9]+\.[0-9]+)\/([0-9]+)\/media$/.exec(req.url ?? '');
    if (req.method === 'POST' && mediaRoute) return upload(req, res, Buffer.concat(chunks), mediaRoute[2]!);
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
      if ('code' in fault) return answer(res, 400, graphError(fault.code, `(#${fault.code}) ${fault.details}`, fault.details));
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
    // A media id names a file this number uploaded and Graph still keeps.
    const problem = validateGraphMessage(body, (id) => media.get(id)?.phoneNumberId === record.phoneNumberId);
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
    media,
    uploads,
    expireMedia: (id) => void media.delete(id),
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

/** Whether the bytes are what the MIME type says (Graph checks the file, not just the label). */
function looksLike(type: string, bytes: Uint8Array): boolean {
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  switch (type) {
    case 'audio/mpeg':
      return ascii(0, 3) === 'ID3' || (bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0);
    case 'audio/ogg':
      return ascii(0, 4) === 'OggS';
    case 'audio/amr':
      return ascii(0, 5) === '#!AMR';
    default:
      return bytes.length > 0;
  }
}
