import { BACKGROUND_HEADER, userPresence } from './userPresence.ts';

/**
 * The server's error shape: `{ error: { code, message, field?, params?, flowId? } }`, plus extra
 * keys (409 `current`, 422 `issues`, 429 `retryAfterSeconds`). `params` are the values the
 * message is made of, so that the designer can say it in the user's language.
 */
export interface ApiErrorBody {
  error?: { code?: string; message?: string; field?: string; params?: Record<string, unknown>; [key: string]: unknown };
  [key: string]: unknown;
}

/** Turns an error answer into words for the user (set once by the app: the translated table of codes). */
export type ApiErrorDescriber = (status: number, body: ApiErrorBody) => string;
let describe: ApiErrorDescriber = (status, body) => body.error?.message ?? `HTTP ${status}`;
export function setApiErrorDescriber(describer: ApiErrorDescriber): void {
  describe = describer;
}

/**
 * An HTTP answer that was not 2xx, with its parsed body so callers can read `current` or
 * `issues`. Its `message` is for the user, in their language; `code` is the server's code
 * (`network` when the server could not be reached).
 */
export class ApiError extends Error {
  readonly code: string | undefined;

  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(describe(status, body));
    this.name = 'ApiError';
    this.code = body.error?.code;
  }
}

/** Called on any 401, so the app can show the login page. */
let onUnauthorized: () => void = () => {};
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  /** Sent as is (audio upload), with this content type. */
  raw?: { data: Blob | ArrayBuffer; contentType: string };
  /**
   * Reads only: the answer must be in whole within this many milliseconds, else the request is
   * dropped and fails as an unreachable server would (`network`, `timedOut`). A write never gets
   * one: given up on, it may still have been done, and sent again it could be done twice.
   */
  deadlineMs?: number;
}

/**
 * How long a read of the agent app may take: a connection that never answers (a proxy or a
 * mobile network that swallowed it) must not hold every later refresh of what it reads.
 */
export const READ_DEADLINE_MS = 15_000;

/** The server could not be reached (or, `timedOut`, did not answer a read in time). */
function unreachable(late: boolean): ApiError {
  // The browser's own words ("Failed to fetch") are English whatever the user's language.
  return new ApiError(0, { error: { code: 'network', message: 'the server could not be reached' }, ...(late ? { timedOut: true } : {}) });
}

/** A read given up on at its deadline: worth reading again at once, on a new connection. */
export function timedOut(error: unknown): boolean {
  return error instanceof ApiError && error.status === 0 && error.body.timedOut === true;
}

/** JSON over fetch with the session cookie. Non-2xx answers throw ApiError. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (options.raw) {
    headers['content-type'] = options.raw.contentType;
    body = options.raw.data;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  // Made while nobody touches the page (a poll): it does not keep the session from its idle timeout.
  if (userPresence.madeByUser()) userPresence.told();
  else headers[BACKGROUND_HEADER] = '1';
  const method = options.method ?? (body === undefined ? 'GET' : 'POST');
  if (options.deadlineMs !== undefined && method !== 'GET') throw new Error(`a deadline is for reads, not for ${method} ${path}`);
  // Covers the body too: an answer whose headers came but whose body stalls fails the same way.
  const deadline = options.deadlineMs !== undefined ? new AbortController() : undefined;
  const signal = deadline?.signal;
  const timer = deadline ? setTimeout(() => deadline.abort(new DOMException('the read took too long', 'TimeoutError')), options.deadlineMs) : undefined;
  let response: Response;
  let text: string;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body } : {}),
      ...(signal ? { signal } : {}),
    });
    text = await response.text();
  } catch {
    throw unreachable(signal?.aborted ?? false);
  } finally {
    clearTimeout(timer);
  }
  let parsed: unknown;
  if (text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = { error: { message: text.slice(0, 300) } };
    }
  }
  if (!response.ok) {
    if (response.status === 401 && !path.startsWith('/api/auth/')) onUnauthorized();
    throw new ApiError(response.status, (parsed ?? {}) as ApiErrorBody);
  }
  return parsed as T;
}
