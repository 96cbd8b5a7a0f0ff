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
 * - `rejected`: Graph refused it (4xx other than 429): sending again would fail again.
 * - `unavailable`: every attempt was answered 429/5xx or could not connect: not sent.
 * - `uncertain`: an attempt timed out or the connection broke after the request went out:
 *   Graph may have taken it. Never retried blindly (see `WhatsAppSender`).
 */
export type GraphSendResult =
  | { outcome: 'sent'; wamid: string; attempts: number }
  | { outcome: 'rejected'; status: number; code?: number; message: string; attempts: number }
  | { outcome: 'unavailable'; status?: number; message: string; attempts: number }
  | { outcome: 'uncertain'; message: string; attempts: number };

/** What Graph's answer may hold: the message id on success, the error on failure. Unchecked: any field may be missing. */
interface GraphAnswer {
  messages?: Array<{ id?: unknown }>;
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

  private async attempt(url: string, body: string, attempts: number, onWritten: () => void): Promise<{ result: GraphSendResult; retryAfter?: number }> {
    let response: PostAnswer;
    try {
      response = await this.poster.post(url, body, { authorization: `Bearer ${this.options.accessToken}` }, onWritten);
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
      const wamid = payload?.messages?.[0]?.id;
      if (typeof wamid === 'string') return { result: { outcome: 'sent', wamid, attempts } };
      return { result: { outcome: 'uncertain', message: `Graph answered ${response.status} without a message id`, attempts } };
    }
    const message = String(payload?.error?.error_data?.details ?? payload?.error?.message ?? `HTTP ${response.status}`);
    if (response.status === 429 || response.status >= 500) {
      const retryAfter = Number(response.headers['retry-after'] ?? NaN);
      return { result: { outcome: 'unavailable', status: response.status, message, attempts }, ...(Number.isFinite(retryAfter) ? { retryAfter } : {}) };
    }
    const code = typeof payload?.error?.code === 'number' ? payload.error.code : undefined;
    return { result: { outcome: 'rejected', status: response.status, ...(code !== undefined ? { code } : {}), message, attempts } };
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
