/** The server's error shape: `{ error: { code, message, field? } }`, plus extra keys (409 `current`, 422 `issues`). */
export interface ApiErrorBody {
  error?: { code?: string; message?: string; field?: string };
  [key: string]: unknown;
}

/** An HTTP answer that was not 2xx, with its parsed body so callers can read `current` or `issues`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.error?.message ?? `HTTP ${status}`);
    this.name = 'ApiError';
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
  const response = await fetch(path, {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    credentials: 'same-origin',
    ...(body !== undefined ? { body } : {}),
  });
  const text = await response.text();
  let parsed: unknown = undefined;
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
