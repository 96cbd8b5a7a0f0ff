import type { FlowEvent, WebhookEffect } from '@griot/flows';
import { keepAliveTransport, type WebhookTransport } from './keepAliveTransport.ts';

export interface WebhookTarget {
  /** Base URL of each named backend in the current environment (staging → the test system). */
  backends: Record<string, string>;
  /** Value of a secret by name, from the runtime's environment; never from the flow. */
  secret: (name: string) => string | undefined;
  /** How requests go out; kept-alive `node:http(s)` connections by default. */
  transport?: WebhookTransport;
}

const SECRET = /\{\{secret\.([A-Za-z0-9_]+)\}\}/g;
const IDEMPOTENT = new Set(['GET', 'PUT', 'DELETE']);

/** Thrown inside this module only, to turn configuration gaps into an `error` outcome. */
class WebhookSetupError extends Error {}

function fillSecrets(text: string, target: WebhookTarget): string {
  return text.replace(SECRET, (_, name: string) => {
    const value = target.secret(name);
    if (value === undefined) throw new WebhookSetupError(`secret ${name} is not configured (set it and list it in GRIOT_FLOW_SECRETS)`);
    return value;
  });
}

export function resolveUrl(effect: WebhookEffect, target: WebhookTarget): string {
  if (!effect.backend) return fillSecrets(effect.url, target);
  const base = target.backends[effect.backend];
  if (!base) throw new WebhookSetupError(`backend ${effect.backend} has no base URL in this environment`);
  return base.replace(/\/+$/, '') + '/' + fillSecrets(effect.url, target).replace(/^\/+/, '');
}

/**
 * Performs an `http` node's request: fills secrets and the environment's backend URL, applies
 * the timeout, retries idempotent requests on timeouts and 5xx, and returns the event to feed
 * back to the interpreter. Never throws.
 */
export async function performWebhook(effect: WebhookEffect, target: WebhookTarget): Promise<FlowEvent> {
  let url: string;
  let headers: Record<string, string>;
  let body: string | undefined;
  try {
    url = resolveUrl(effect, target);
    headers = Object.fromEntries(Object.entries(effect.headers).map(([k, v]) => [k, fillSecrets(v, target)]));
    body = effect.body === undefined ? undefined : fillSecrets(effect.body, target);
  } catch (error) {
    return { type: 'webhook', outcome: 'error', message: (error as Error).message };
  }
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    headers['content-type'] = 'application/json';
  }
  const send = target.transport ?? keepAliveTransport;
  const attempts = 1 + (IDEMPOTENT.has(effect.method) ? effect.retries : 0);
  let last: FlowEvent = { type: 'webhook', outcome: 'error', message: 'not attempted' };
  const deadline = Date.now() + effect.timeoutMs;
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    // All attempts share the node's timeout: the caller waits for the node, not for each try.
    const remaining = deadline - Date.now();
    if (remaining <= 0) break;
    try {
      const response = await send(url, { method: effect.method, headers, body, timeoutMs: remaining });
      const { text } = response;
      let parsed: unknown = text;
      if (text !== '') {
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = text;
        }
      }
      last = { type: 'webhook', outcome: 'response', status: response.status, body: parsed };
      if (response.status < 500) return last;
    } catch (error) {
      const name = (error as Error).name;
      last =
        name === 'TimeoutError' || name === 'AbortError'
          ? { type: 'webhook', outcome: 'timeout' }
          : { type: 'webhook', outcome: 'error', message: (error as Error).message };
    }
  }
  if (last.type === 'webhook' && last.outcome === 'error' && last.message === 'not attempted') {
    return { type: 'webhook', outcome: 'timeout' };
  }
  return last;
}
