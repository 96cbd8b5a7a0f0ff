import { KeepAlivePoster, errorCode, notConnectedCode, onFirstWrite } from '../http/KeepAlivePoster.ts';
import { backoffDelay, type BackoffOptions } from '../messaging/backoff.ts';

export interface TelegramApiOptions {
  /** `https://api.telegram.org` or a fake's loopback URL. */
  baseUrl: string;
  /** Secret: it is part of every URL, so URLs are never logged nor put in an error. */
  token: string;
  /** Per attempt. */
  timeoutMs: number;
  /** Retries after the first attempt, for answers that say the call was not taken. */
  retries: number;
  backoff: BackoffOptions;
  /** A 429's `retry_after` longer than this is not waited out here: the call is `unavailable`. */
  maxRetryAfterSeconds: number;
  sleep?: (ms: number) => Promise<void>;
  maxSockets?: number;
}

/**
 * - `ok`: Telegram took the call (its `result`).
 * - `rejected`: Telegram refused it (a 4xx other than 429: a text too long, a bot blocked by the
 *   user): calling again would fail again.
 * - `unavailable`: every attempt was answered 429/5xx or could not connect: not taken.
 * - `uncertain`: an attempt timed out or broke after the request left: Telegram may have taken
 *   it. Never retried (Telegram has no idempotency key: a second send would be a second message).
 */
export type TelegramCallResult =
  | { outcome: 'ok'; result: unknown; attempts: number }
  | { outcome: 'rejected'; status: number; description: string; attempts: number }
  | { outcome: 'unavailable'; status?: number; description: string; attempts: number; retryAfterSeconds?: number }
  | { outcome: 'uncertain'; description: string; attempts: number };

/**
 * Calls Bot API methods (`POST <base>/bot<token>/<method>`, JSON), retrying only what Telegram
 * certainly did not take: 5xx and failed connections with backoff, and 429 after waiting the
 * `retry_after` Telegram asks for. Plain `node:http(s)` over keep-alive connections. What it
 * says about a failure names the method, never the URL (the token is in it).
 */
export class TelegramApi {
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly poster: KeepAlivePoster;

  constructor(private readonly options: TelegramApiOptions) {
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    // Node's messages about a failed request may quote the URL, which holds the token: only the code goes on.
    this.poster = new KeepAlivePoster({
      baseUrl: options.baseUrl,
      timeoutMs: options.timeoutMs,
      codeOnlyErrors: true,
      ...(options.maxSockets !== undefined ? { maxSockets: options.maxSockets } : {}),
    });
  }

  close(): void {
    this.poster.close();
  }

  /**
   * `onWritten` is called once, when a request has been handed whole to the operating system:
   * from then on Telegram may act on it even if this process dies before the answer.
   */
  async call(method: string, params: object, onWritten?: () => void): Promise<TelegramCallResult> {
    const url = `${this.options.baseUrl.replace(/\/+$/, '')}/bot${this.options.token}/${method}`;
    const body = JSON.stringify(params);
    const wrote = onFirstWrite(onWritten);
    let last: TelegramCallResult = { outcome: 'unavailable', description: 'not attempted', attempts: 0 };
    for (let attempt = 1; attempt <= this.options.retries + 1; attempt += 1) {
      last = await this.attempt(method, url, body, attempt, wrote);
      if (last.outcome !== 'unavailable' || attempt > this.options.retries) return last;
      const retryAfter = last.retryAfterSeconds;
      // Telegram asks for a longer pause than a sender should sit through: the caller tries later.
      if (retryAfter !== undefined && retryAfter > this.options.maxRetryAfterSeconds) return last;
      await this.sleep(retryAfter !== undefined ? retryAfter * 1000 : backoffDelay(attempt, this.options.backoff));
    }
    return last;
  }

  private async attempt(method: string, url: string, body: string, attempts: number, onWritten: () => void): Promise<TelegramCallResult> {
    let response: { status: number; text: string };
    try {
      response = await this.poster.post(url, body, {}, onWritten);
    } catch (error) {
      const code = notConnectedCode(error);
      if (code) return { outcome: 'unavailable', description: `${method}: cannot reach Telegram (${code})`, attempts };
      return { outcome: 'uncertain', description: `${method}: no answer from Telegram (${errorCode(error) ?? 'connection lost'})`, attempts };
    }
    let payload: { ok?: unknown; result?: unknown; description?: unknown; parameters?: { retry_after?: unknown } } | undefined;
    try {
      payload = JSON.parse(response.text);
    } catch {
      payload = undefined;
    }
    if (response.status >= 200 && response.status < 300 && payload?.ok === true) return { outcome: 'ok', result: payload.result, attempts };
    // Telegram's own words (`Bad Request: message is too long`): they never hold the token.
    const description = `${method}: ${typeof payload?.description === 'string' ? payload.description.slice(0, 200) : `HTTP ${response.status}`}`;
    if (response.status >= 200 && response.status < 300) return { outcome: 'uncertain', description: `${method}: Telegram answered ${response.status} without ok`, attempts };
    if (response.status === 429 || response.status >= 500) {
      const retryAfter = Number(payload?.parameters?.retry_after ?? Number.NaN);
      return { outcome: 'unavailable', status: response.status, description, attempts, ...(Number.isFinite(retryAfter) && retryAfter >= 0 ? { retryAfterSeconds: retryAfter } : {}) };
    }
    return { outcome: 'rejected', status: response.status, description, attempts };
  }
}
