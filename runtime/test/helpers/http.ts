/** A minimal JSON client over real HTTP, with a bearer token or a cookie. */
export interface ApiAnswer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface Caller {
  token?: string;
  cookie?: string;
}

export function apiClient(baseUrl: string, caller: Caller = {}) {
  async function call<T = any>(method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<ApiAnswer<T>> {
    const headers: Record<string, string> = { accept: 'application/json', ...extraHeaders };
    if (caller.token) headers.authorization = `Bearer ${caller.token}`;
    if (caller.cookie) headers.cookie = caller.cookie;
    let payload: string | undefined;
    if (body !== undefined) {
      headers['content-type'] ??= 'application/json';
      payload = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const response = await fetch(baseUrl + path, { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
    const text = await response.text();
    let parsed: unknown = text;
    if (text && (response.headers.get('content-type') ?? '').includes('json')) parsed = JSON.parse(text);
    return { status: response.status, body: parsed as T, headers: response.headers };
  }
  return {
    call,
    get: <T = any>(path: string) => call<T>('GET', path),
    post: <T = any>(path: string, body?: unknown) => call<T>('POST', path, body ?? {}),
    put: <T = any>(path: string, body: unknown) => call<T>('PUT', path, body),
    patch: <T = any>(path: string, body: unknown) => call<T>('PATCH', path, body),
    delete: <T = any>(path: string, body?: unknown) => call<T>('DELETE', path, body),
    as: (other: Caller) => apiClient(baseUrl, other),
  };
}
export type ApiClient = ReturnType<typeof apiClient>;
