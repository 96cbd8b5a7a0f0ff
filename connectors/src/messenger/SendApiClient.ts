import { KeepAlivePoster, errorCode, notConnectedCode, onFirstWrite } from '../http/KeepAlivePoster.ts';
import { backoffDelay, type BackoffOptions } from '../messaging/backoff.ts';
import type { SendRequest } from './sendApi.ts';

export interface SendApiClientOptions {
  /** `https://graph.facebook.com` or a fake's loopback URL. */
  baseUrl: string;
  /** Graph API version, e.g. `v25.0`. */
  version: string;
  /** The Page access token: sent as a Bearer header (never in the URL, where proxies log it). */
  pageAccessToken: string;
  /** Per attempt. */
  timeoutMs: number;
  /** Retries after the first attempt, for answers that say the message was not taken. */
  retries: number;
  backoff: BackoffOptions;
  sleep?: (ms: number) => Promise<void>;
  maxSockets?: number;
}

/** Why Meta refused a message for good (sending it again would be refused again). */
export type SendRefusal =
  /** Code 10 (2018278…): outside the standard window, and no tag that allows it. */
  | 'outsideWindow'
  /** Code 551: the person cannot be reached (blocked the Page, left Messenger). */
  | 'recipientUnavailable'
  /** Code 100 (2018001): no such PSID for this Page. */
  | 'noSuchUser'
  /** Code 190: the Page access token is invalid or expired: operations must act. */
  | 'badToken'
  | 'refused';

/**
 * - `sent`: Meta took the message (its `message_id`).
 * - `rejected`: Meta refused it for good (see `SendRefusal`).
 * - `unavailable`: every attempt hit a rate limit (codes 4, 17, 32, 613), a temporary failure
 *   (1, 2, 1200, 5xx) or no connection: not sent.
 * - `uncertain`: an attempt timed out or broke after the request went out: Meta may have taken
 *   it. Never retried blindly (the Send API has no idempotency key).
 */
export type SendResult =
  | { outcome: 'sent'; messageId: string; attempts: number }
  | { outcome: 'rejected'; reason: SendRefusal; status: number; code?: number; subcode?: number; message: string; attempts: number }
  | { outcome: 'unavailable'; status?: number; code?: number; message: string; attempts: number }
  | { outcome: 'uncertain'; message: string; attempts: number };

/** Error codes that say "not now": rate limits (app 4, user 17, Page 32, calls 613) and temporary failures (1, 2, 1200). */
const TRY_AGAIN = new Set([1, 2, 4, 17, 32, 613, 1200]);
/** Code 10 subcodes Meta gives for a message outside the window it is allowed in. */
const OUTSIDE_WINDOW = new Set([2018278, 2018065, 2018108]);
/**
 * Sends one message through the Messenger Send API, retrying only what cannot have been
 * delivered, and saying why a refusal is final. Graph answers most errors 400 whatever their
 * nature, so the error's `code` decides, not the HTTP status.
 */
export class SendApiClient {
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly poster: KeepAlivePoster;
  private readonly url: string;

  constructor(private readonly options: SendApiClientOptions) {
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.poster = new KeepAlivePoster({ baseUrl: options.baseUrl, timeoutMs: options.timeoutMs, ...(options.maxSockets !== undefined ? { maxSockets: options.maxSockets } : {}) });
    this.url = `${options.baseUrl.replace(/\/+$/, '')}/${options.version}/me/messages`;
  }

  close(): void {
    this.poster.close();
  }

  /** `onWritten` is called once, when a request has left this process: from then on Meta may take the message. */
  async send(request: SendRequest, onWritten?: () => void): Promise<SendResult> {
    const body = JSON.stringify(request);
    const wrote = onFirstWrite(onWritten);
    let last: SendResult = { outcome: 'unavailable', message: 'not attempted', attempts: 0 };
    for (let attempt = 1; attempt <= this.options.retries + 1; attempt += 1) {
      last = await this.attempt(body, attempt, wrote);
      if (last.outcome !== 'unavailable' || attempt > this.options.retries) return last;
      await this.sleep(backoffDelay(attempt, this.options.backoff));
    }
    return last;
  }

  private async attempt(body: string, attempts: number, onWritten: () => void): Promise<SendResult> {
    let response: { status: number; text: string };
    try {
      response = await this.poster.post(this.url, body, { authorization: `Bearer ${this.options.pageAccessToken}` }, onWritten);
    } catch (error) {
      const code = notConnectedCode(error);
      if (code) return { outcome: 'unavailable', message: `cannot reach the Send API (${code})`, attempts };
      return { outcome: 'uncertain', message: `no answer from the Send API (${errorCode(error) ?? describe(error)})`, attempts };
    }
    let payload: GraphAnswer | undefined;
    try {
      payload = JSON.parse(response.text) as GraphAnswer;
    } catch {
      payload = undefined;
    }
    if (response.status >= 200 && response.status < 300) {
      const messageId = payload?.message_id;
      if (typeof messageId === 'string') return { outcome: 'sent', messageId, attempts };
      return { outcome: 'uncertain', message: `the Send API answered ${response.status} without a message id`, attempts };
    }
    const error = payload?.error ?? {};
    const code = typeof error.code === 'number' ? error.code : undefined;
    const subcode = typeof error.error_subcode === 'number' ? error.error_subcode : undefined;
    // Meta's own words, without anything of the message (they name codes and policies).
    const message = `${code !== undefined ? `(#${code}${subcode !== undefined ? `/${subcode}` : ''}) ` : ''}${String(error.message ?? `HTTP ${response.status}`).slice(0, 300)}`;
    if ((code !== undefined && TRY_AGAIN.has(code)) || response.status === 429 || (response.status >= 500 && code === undefined)) {
      return { outcome: 'unavailable', status: response.status, ...(code !== undefined ? { code } : {}), message, attempts };
    }
    return {
      outcome: 'rejected',
      reason: refusalOf(code, subcode),
      status: response.status,
      ...(code !== undefined ? { code } : {}),
      ...(subcode !== undefined ? { subcode } : {}),
      message,
      attempts,
    };
  }
}

/** What the Send API answers: `{recipient_id, message_id}`, or Graph's `{error: {message, type, code, error_subcode, fbtrace_id}}`. */
interface GraphAnswer {
  message_id?: unknown;
  error?: { message?: unknown; code?: unknown; error_subcode?: unknown };
}

function refusalOf(code: number | undefined, subcode: number | undefined): SendRefusal {
  if (code === 10 && subcode !== undefined && OUTSIDE_WINDOW.has(subcode)) return 'outsideWindow';
  if (code === 551) return 'recipientUnavailable';
  if (code === 100 && subcode === 2018001) return 'noSuchUser';
  if (code === 190) return 'badToken';
  return 'refused';
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
