/**
 * jambonz's REST API for placing calls: `POST /v1/Accounts/{account_sid}/Calls` with the
 * account's API key as a bearer token; 201 `{ sid }` once the INVITE is on its way. Field names
 * follow jambonz-api-server (`lib/routes/api/accounts.js`, `validateCreateCall`) and the feature
 * server's `createCallSchema`.
 */
export interface CreateCallBody {
  from: string;
  to: { type: 'phone'; number: string };
  /** Requested when the callee answers; its verbs run the call. */
  call_hook: { url: string; method: 'POST' };
  call_status_hook: { url: string; method: 'POST' };
  /** Becomes the call's `customerData`, sent back with every hook. */
  tag: Record<string, unknown>;
  /** Seconds to ring before giving up (`no-answer`). */
  timeout: number;
  /** Without an `application_sid`, the API server requires the call's speech defaults. */
  speech_synthesis_vendor: string;
  speech_synthesis_language: string;
  speech_synthesis_voice: string;
  speech_recognizer_vendor: string;
  speech_recognizer_language: string;
}

export interface JambonzApiSettings {
  /** The API server, with or without `/v1`: `https://jambonz.example` or `https://jambonz.example/v1`. */
  baseUrl: string;
  accountSid: string;
  apiKey: string;
  timeoutMs?: number;
}

/**
 * `refused`: jambonz answered 4xx (the key, the account or the request is wrong: operations must
 * act); `unavailable`: 5xx, 480 (no feature server), a network error or no answer in time.
 */
export class JambonzApiError extends Error {
  constructor(
    readonly kind: 'refused' | 'unavailable',
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'JambonzApiError';
  }
}

/** `https://x/` or `https://x/v1` → `https://x/v1`. */
export function jambonzApiRoot(baseUrl: string): string {
  return `${baseUrl.trim().replace(/\/+$/, '').replace(/\/v1$/, '')}/v1`;
}

const DEFAULT_TIMEOUT_MS = 5000;

/** Places calls on one jambonz account. Never retries: a second POST would ring the subscriber twice. */
export class JambonzCalls {
  private readonly url: string;

  constructor(private readonly settings: JambonzApiSettings) {
    this.url = `${jambonzApiRoot(settings.baseUrl)}/Accounts/${encodeURIComponent(settings.accountSid)}/Calls`;
  }

  async create(body: CreateCallBody): Promise<{ sid: string }> {
    const timeoutMs = this.settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.settings.apiKey}`, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
        // Never followed: a 307/308 would resend the API key and the subscriber's number wherever it points.
        redirect: 'manual',
      });
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      throw new JambonzApiError('unavailable', timedOut ? `no answer from the jambonz API within ${timeoutMs} ms` : `the jambonz API is unreachable: ${(error as Error).message}`);
    }
    const text = await response.text().catch(() => '');
    if (isRedirect(response.status)) {
      throw new JambonzApiError('refused', `the jambonz API answered a redirect (${response.status}), not followed: set JAMBONZ_API_BASE_URL to the address it points to`, response.status);
    }
    if (response.status >= 200 && response.status < 300) {
      const sid = parseSid(text);
      if (!sid) throw new JambonzApiError('unavailable', `the jambonz API answered ${response.status} without a call sid`, response.status);
      return { sid };
    }
    const detail = messageOf(text);
    if (response.status === 401 || response.status === 403) {
      throw new JambonzApiError('refused', `the jambonz API refused the key or account (${response.status}${detail ? `: ${detail}` : ''})`, response.status);
    }
    if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429 && response.status !== 480) {
      throw new JambonzApiError('refused', `the jambonz API refused the call (${response.status}${detail ? `: ${detail}` : ''})`, response.status);
    }
    throw new JambonzApiError('unavailable', `the jambonz API could not place the call (${response.status}${detail ? `: ${detail}` : ''})`, response.status);
  }
}

const isRedirect = (status: number) => status >= 300 && status < 400;

function parseSid(text: string): string | undefined {
  try {
    const sid = (JSON.parse(text) as { sid?: unknown }).sid;
    return typeof sid === 'string' && sid.length > 0 ? sid : undefined;
  } catch {
    return undefined;
  }
}

/** jambonz says why as `{ msg }` (API server) or `{ errors: [{ msg }] }` (feature server's validator). */
function messageOf(text: string): string {
  try {
    const body = JSON.parse(text) as { msg?: unknown; errors?: Array<{ msg?: unknown; path?: unknown }> };
    if (typeof body.msg === 'string') return body.msg.slice(0, 300);
    const first = body.errors?.[0];
    if (first && typeof first.msg === 'string') return `${first.msg}${typeof first.path === 'string' ? ` (${first.path})` : ''}`.slice(0, 300);
  } catch {
    // not JSON: a proxy's page, say
  }
  return text.replace(/\s+/g, ' ').trim().slice(0, 200);
}
