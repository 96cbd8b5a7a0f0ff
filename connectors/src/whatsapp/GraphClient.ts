import { randomUUID } from 'node:crypto';
import { KeepAlivePoster, errorCode, notConnectedCode, onFirstWrite, type PostAnswer } from '../http/KeepAlivePoster.ts';
import { backoffDelay, type BackoffOptions } from '../messaging/backoff.ts';
import type { GraphMessageRequest } from './graphMessages.ts';

export interface GraphClientOptions {
  /** `https://graph.facebook.com` or a fake's loopback URL. */
  baseUrl: string;
  /** Graph API version, e.g. `v21.0`. */
  version: string;
  accessToken: string;
  /** Per attempt. */
  timeoutMs: number;
  /** Retries after the first attempt, for answers that say the message was not taken. */
  retries: number;
  backoff: BackoffOptions;
  sleep?: (ms: number) => Promise<void>;
  /** Connections kept open to Graph (keep-alive). */
  maxSockets?: number;
}

/**
 * - `sent`: Graph took the message (its `wamid`).
 * - `rejected`: Graph refused it (4xx other than 429, with an error code that is not `TRY_AGAIN`):
 *   sending again would fail again.
 * - `unavailable`: every attempt was answered 429/5xx (or a `TRY_AGAIN` code) or could not connect: not sent.
 * - `uncertain`: an attempt timed out or the connection broke after the request went out:
 *   Graph may have taken it. Never retried blindly (see `WhatsAppSender`).
 */
export type GraphSendResult =
  | { outcome: 'sent'; wamid: string; attempts: number }
  | { outcome: 'rejected'; status: number; code?: number; message: string; attempts: number }
  | { outcome: 'unavailable'; status?: number; message: string; attempts: number; retryAfterSeconds?: number }
  | { outcome: 'uncertain'; message: string; attempts: number };

/** What uploading a file to `POST /<phone_number_id>/media` came to: its media id, or why not (as for a message). */
export type GraphUploadResult = { outcome: 'uploaded'; id: string; attempts: number } | Exclude<GraphSendResult, { outcome: 'sent' }>;

/**
 * Cloud API error codes that say "not now" whatever the HTTP status (Graph answers most errors 400):
 * rate limits (4, 80007, 130429 throughput, 131048 spam rate, 131056 pair rate), temporary
 * failures (1, 2, 131000, 131016 service unavailable, 133004 server temporarily unavailable) and
 * an account in maintenance (131057). The message was not taken: sending again later may work.
 */
const TRY_AGAIN = new Set([1, 2, 4, 80007, 130429, 131000, 131016, 131048, 131056, 131057, 133004]);

/** What Graph's answer may hold: the message id on success, the error on failure. Unchecked: any field may be missing. */
interface GraphAnswer {
  messages?: Array<{ id?: unknown }>;
  /** A media upload's id. */
  id?: unknown;
  error?: { message?: unknown; code?: unknown; error_data?: { details?: unknown } };
}

/**
 * Sends one message to the Graph API, retrying only what cannot have been delivered. Plain
 * `node:http(s)` over keep-alive connections: a send is on the path of every reply.
 */
export class GraphClient {
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly poster: KeepAlivePoster;

  constructor(private readonly options: GraphClientOptions) {
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.poster = new KeepAlivePoster({ baseUrl: options.baseUrl, timeoutMs: options.timeoutMs, ...(options.maxSockets !== undefined ? { maxSockets: options.maxSockets } : {}) });
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.poster.close();
  }

  /**
   * `onWritten` is called once, when a request has been handed whole to the operating system:
   * from then on Graph may take the message even if this process dies before the answer.
   */
  async send(phoneNumberId: string, message: GraphMessageRequest, onWritten?: () => void): Promise<GraphSendResult> {
    const url = `${this.options.baseUrl.replace(/\/+$/, '')}/${this.options.version}/${encodeURIComponent(phoneNumberId)}/messages`;
    const body = JSON.stringify(message);
    let last: GraphSendResult = { outcome: 'unavailable', message: 'not attempted', attempts: 0 };
    const wrote = onFirstWrite(onWritten);
    for (let attempt = 1; attempt <= this.options.retries + 1; attempt += 1) {
      const { result, retryAfter } = await this.attempt(url, body, attempt, wrote);
      last = result;
      if (result.outcome !== 'unavailable' || attempt > this.options.retries) return result;
      await this.sleep(backoffDelay(attempt, this.options.backoff, retryAfter));
    }
    return last;
  }

  /**
   * Uploads a file for media messages (`POST /<phone_number_id>/media`, multipart with
   * `messaging_product`, `type` and `file`): its id is what an audio message names. Retried like
   * a message; an upload has no effect a subscriber sees, so an uncertain one is simply done again.
   */
  async uploadMedia(phoneNumberId: string, file: { bytes: Uint8Array; contentType: string; filename: string }): Promise<GraphUploadResult> {
    const url = `${this.options.baseUrl.replace(/\/+$/, '')}/${this.options.version}/${encodeURIComponent(phoneNumberId)}/media`;
    const boundary = `griot-${randomUUID()}`;
    const field = (name: string, value: string) => `--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    // In pieces, the MP3 itself not copied: the poster writes them one after the other (its length summed for Content-Length).
    const body = [
      Buffer.from(
        field('messaging_product', 'whatsapp') +
          field('type', file.contentType) +
          `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${file.filename.replace(/["\r\n\\]/g, '_')}"\r\ncontent-type: ${file.contentType}\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ];
    let last: GraphSendResult = { outcome: 'unavailable', message: 'not attempted', attempts: 0 };
    for (let attempt = 1; attempt <= this.options.retries + 1; attempt += 1) {
      const { result, retryAfter, payload } = await this.attempt(url, body, attempt, () => {}, `multipart/form-data; boundary=${boundary}`);
      last = result;
      if (result.outcome === 'sent') {
        const id = payload?.id;
        return typeof id === 'string' && id !== ''
          ? { outcome: 'uploaded', id, attempts: attempt }
          : { outcome: 'uncertain', message: 'Graph answered the upload without a media id', attempts: attempt };
      }
      if (result.outcome !== 'unavailable' || attempt > this.options.retries) return result;
      await this.sleep(backoffDelay(attempt, this.options.backoff, retryAfter));
    }
    return last as GraphUploadResult;
  }

  private async attempt(
    url: string,
    body: string | Uint8Array | readonly Uint8Array[],
    attempts: number,
    onWritten: () => void,
    contentType?: string,
  ): Promise<{ result: GraphSendResult; retryAfter?: number; payload?: GraphAnswer }> {
    let response: PostAnswer;
    try {
      response = await this.poster.post(url, body, { authorization: `Bearer ${this.options.accessToken}`, ...(contentType ? { 'content-type': contentType } : {}) }, onWritten);
    } catch (error) {
      const code = notConnectedCode(error);
      if (code) return { result: { outcome: 'unavailable', message: `cannot reach Graph (${code})`, attempts } };
      return { result: { outcome: 'uncertain', message: `no answer from Graph (${errorCode(error) ?? describe(error)})`, attempts } };
    }
    let payload: GraphAnswer | undefined;
    try {
      payload = JSON.parse(response.text) as GraphAnswer;
    } catch {
      payload = undefined;
    }
    if (response.status >= 200 && response.status < 300) {
      if (contentType) return { result: { outcome: 'sent', wamid: '', attempts }, ...(payload ? { payload } : {}) };
      const wamid = payload?.messages?.[0]?.id;
      if (typeof wamid === 'string') return { result: { outcome: 'sent', wamid, attempts } };
      return { result: { outcome: 'uncertain', message: `Graph answered ${response.status} without a message id`, attempts } };
    }
    const message = String(payload?.error?.error_data?.details ?? payload?.error?.message ?? `HTTP ${response.status}`);
    if (response.status === 429 || response.status >= 500) {
      const retryAfter = Number(response.headers['retry-after'] ?? NaN);
      if (!Number.isFinite(retryAfter)) return { result: { outcome: 'unavailable', status: response.status, message, attempts } };
      return { result: { outcome: 'unavailable', status: response.status, message, attempts, retryAfterSeconds: retryAfter }, retryAfter };
    }
    const code = typeof payload?.error?.code === 'number' ? payload.error.code : undefined;
    if (code !== undefined && TRY_AGAIN.has(code)) return { result: { outcome: 'unavailable', status: response.status, message, attempts } };
    return { result: { outcome: 'rejected', status: response.status, ...(code !== undefined ? { code } : {}), message, attempts } };
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
