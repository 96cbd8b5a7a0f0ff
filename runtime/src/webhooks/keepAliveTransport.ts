import type { BackendScope } from './backendUrl.ts';

export interface WebhookRequest {
  method: string;
  headers: Record<string, string>;
  body?: string | undefined;
  /** For the whole exchange: connecting, sending, and reading the answer. */
  timeoutMs: number;
  /**
   * `backend`: a named backend, whose address the operator configured (any address, private
   * ones included). `outside`: an address written in the flow, reached only at a public address.
   */
  destination: 'backend' | 'outside';
  /** A named backend's origin and base path: its redirects are followed only under it. */
  within?: BackendScope;
  /** The most bytes of the response read; past it the exchange is cut and refused (`http.tooLarge`). */
  maxBytes?: number;
}

export interface WebhookResponse {
  status: number;
  text: string;
}

/**
 * One HTTP exchange of an `http` node. Rejects with a `TimeoutError` past `timeoutMs`, a
 * `RequestRefusedError` for an address or a redirect it will not follow or an answer too large,
 * or the connection's error.
 */
export type WebhookTransport = (url: string, request: WebhookRequest) => Promise<WebhookResponse>;

let loading: Promise<WebhookTransport> | undefined;

/**
 * Look-ups over kept-alive connections (`undiciTransport`: undici's `request`, redirects kept
 * within the origin, public addresses only for addresses written in flows). undici and its
 * connection pools are loaded by the first look-up, not at start-up: a server whose flows call
 * no backend never holds them (idle memory, issue 17); the first look-up waits for the import.
 */
export const keepAliveTransport: WebhookTransport = async (url, request) => (await loadTransport())(url, request);

function loadTransport(): Promise<WebhookTransport> {
  loading ??= import('./undiciTransport.ts').then((m) => m.undiciTransport);
  return loading;
}

/**
 * Starts loading undici without waiting: called when a contact starts, so the contact's first
 * look-up (seconds later, after a menu) finds it loaded instead of waiting ~0.2 s for the import
 * with every look-up queued behind it. An idle server still never loads it.
 */
export function warmKeepAliveTransport(): void {
  // Once it is loading (or loaded), nothing to do: no promise and no reaction per contact.
  if (loading) return;
  loadTransport().catch(() => {
    // The look-up that needs it reports the failure.
    loading = undefined;
  });
}
