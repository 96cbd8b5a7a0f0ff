import { MAX_JSON_DEPTH, readJson } from '@griot/connectors';
import { hostAllowed, isRoutingHeader, type FlowEvent, type SecretBinding, type WebhookEffect } from '@griot/flows';
import { backendScope, backendUrl } from './backendUrl.ts';
import { keepAliveTransport, type WebhookTransport } from './keepAliveTransport.ts';
import { RequestRefusedError } from './RequestRefusedError.ts';
import type { LookupFailure } from './lookupFailure.ts';
import { secretScrubber } from './secretScrubber.ts';

export interface WebhookTarget {
  /** Base URL of each named backend in the current environment (staging → the test system). */
  backends: Record<string, string>;
  /** Value of a secret by name, from the runtime's environment; never from the flow. */
  secret: (name: string) => string | undefined;
  /** Secret name → the named backends that may receive it (GRIOT_FLOW_SECRETS); a secret not listed is never sent. */
  secretBackends: Readonly<Record<string, SecretBinding>>;
  /** Hosts an http node may call by absolute URL (GRIOT_HTTP_ALLOWED_HOSTS); none when absent or empty. */
  allowedHosts?: readonly string[];
  /** Every secret value configured on this server: masked (`•••`) in what a look-up brings back, whichever request it came from. */
  secretValues?: readonly string[];
  /** The most bytes of a response read (GRIOT_HTTP_MAX_RESPONSE_BYTES); a longer one takes the node's `error` output. */
  maxResponseBytes?: number;
  /** How requests go out; kept-alive connections by default. */
  transport?: WebhookTransport;
  /** Told of each request refused (never sent, or not followed), for the operator's log. */
  onRefused?: (effect: WebhookEffect, reason: string) => void;
}

const SECRET = /\{\{secret\.([A-Za-z0-9_]+)\}\}/g;
const IDEMPOTENT = new Set(['GET', 'PUT', 'DELETE']);
/** 1 MiB: far more than any look-up's answer, far less than what would hurt the server. */
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

/** Thrown inside this module only, to turn configuration gaps into an `error` outcome. */
class WebhookSetupError extends Error {
  constructor(
    message: string,
    readonly failure: LookupFailure,
  ) {
    super(message);
  }
}

/** The event fed back to the flow, and why the look-up failed when it did (for the tester). */
export interface ExplainedWebhook {
  event: FlowEvent;
  failure?: LookupFailure;
}

/** Secret values are escaped for where they go, as variables are: they cannot change a URL's shape nor break a JSON body. */
type Place = 'url' | 'json' | 'text';
const escapeFor: Record<Place, (value: string) => string> = {
  url: encodeURIComponent,
  json: (value) => JSON.stringify(value).slice(1, -1),
  text: (value) => value,
};

function secretsIn(effect: WebhookEffect): string[] {
  const texts = [effect.url, ...Object.values(effect.headers), effect.body ?? ''];
  return [...new Set(texts.flatMap((text) => [...text.matchAll(SECRET)].map((m) => m[1] as string)))];
}

/** Refuses, before anything is sent, a secret going anywhere but a backend it is bound to. */
function checkSecretsGo(effect: WebhookEffect, target: WebhookTarget): void {
  for (const name of secretsIn(effect)) {
    if (!effect.backend) {
      throw new RequestRefusedError(`secret ${name} is not sent: ${effect.node} calls an address written in the flow, and secrets go only to a named backend`, {
        code: 'secret.outsideBackend',
        params: { secret: name },
      });
    }
    const binding = Object.hasOwn(target.secretBackends, name) ? target.secretBackends[name] : undefined;
    if (binding === undefined) {
      throw new WebhookSetupError(`secret ${name} is not configured (list it in GRIOT_FLOW_SECRETS as ${name}@${effect.backend}, and set it)`, {
        code: 'secret.notConfigured',
        params: { secret: name, backend: effect.backend },
      });
    }
    if (binding !== '*' && !binding.includes(effect.backend)) {
      throw new RequestRefusedError(`secret ${name} may be sent only to backend ${binding.join(', ')}, not to ${effect.backend} (GRIOT_FLOW_SECRETS)`, {
        code: 'secret.notBound',
        params: { secret: name, allowed: binding.join(', '), backend: effect.backend },
      });
    }
  }
}

/** Refuses an absolute URL whose host is not allowed; where its name leads is checked when connecting. */
function checkOutsideUrl(url: string, allowedHosts: readonly string[]): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RequestRefusedError('the URL is neither a path under a named backend nor an absolute http(s) URL', { code: 'http.badUrl' });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new RequestRefusedError(`${parsed.protocol} URLs are not called: only http(s)`, { code: 'http.protocol', params: { protocol: parsed.protocol } });
  }
  if (allowedHosts.length === 0) {
    throw new RequestRefusedError(`${parsed.hostname} is not called: this server calls no address outside its named backends (GRIOT_HTTP_ALLOWED_HOSTS is empty)`, {
      code: 'http.noOutsideHosts',
      params: { host: parsed.hostname },
    });
  }
  if (!hostAllowed(parsed.hostname, allowedHosts)) {
    throw new RequestRefusedError(`${parsed.hostname} is not called: it is not among the hosts flows may call (GRIOT_HTTP_ALLOWED_HOSTS)`, {
      code: 'http.hostNotAllowed',
      params: { host: parsed.hostname },
    });
  }
}

function fillSecrets(text: string, target: WebhookTarget, place: Place): string {
  return text.replace(SECRET, (_, name: string) => {
    const value = target.secret(name);
    if (value === undefined) {
      throw new WebhookSetupError(`secret ${name} is not set (set the variable ${name} in the server's environment)`, { code: 'secret.notSet', params: { secret: name } });
    }
    return escapeFor[place](value);
  });
}

function baseOf(effect: WebhookEffect & { backend: string }, target: WebhookTarget): string {
  const base = Object.hasOwn(target.backends, effect.backend) ? target.backends[effect.backend] : undefined;
  if (!base) throw new WebhookSetupError(`backend ${effect.backend} has no base URL in this environment`, { code: 'backend.noUrl', params: { backend: effect.backend } });
  return base;
}

/** The URL called: with a backend, a path under its base path (backendUrl.ts); otherwise the absolute URL as written. */
export function resolveUrl(effect: WebhookEffect, target: WebhookTarget): string {
  if (!effect.backend) return effect.url;
  return backendUrl(effect.backend, baseOf({ ...effect, backend: effect.backend }, target), fillSecrets(effect.url, target, 'url')).href;
}

/** Refuses a header that would pick another service or frame the request differently (Host, X-Forwarded-For, Content-Length…). */
function checkHeaders(effect: WebhookEffect): void {
  for (const name of Object.keys(effect.headers)) {
    if (isRoutingHeader(name)) {
      throw new RequestRefusedError(`header ${name} is not sent: it decides where a request goes or how it is framed, and only Griot sets it`, {
        code: 'http.routingHeader',
        params: { header: name },
      });
    }
  }
}

/**
 * What masks secrets in this look-up's answer and messages: every configured secret, the ones
 * this request used (when the server did not list them), and the `user:password` inside a Basic
 * Authorization header built from one.
 */
function scrubberFor(effect: WebhookEffect, target: WebhookTarget, headers: Record<string, string> | undefined): (text: string) => string {
  const configured = target.secretValues ?? NO_SECRETS;
  const values = new Set(configured);
  for (const name of secretsIn(effect)) {
    const value = target.secret(name);
    if (value) values.add(value);
  }
  const extra: string[] = [];
  for (const [name, value] of Object.entries(headers ?? {})) {
    const basic = /^\s*basic\s+(\S+)/i.exec(value)?.[1];
    if (!basic || !(effect.headers[name] ?? '').includes('{{secret.')) continue;
    // `Basic {{secret.X}}`: the secret is base64 of `user:password`; a backend may quote either.
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    extra.push(basic, basic.replace(/=+$/, ''));
    if (/^[^:\p{Cc}]*:[^\p{Cc}]+$/u.test(decoded)) extra.push(decoded, decoded.slice(decoded.indexOf(':') + 1));
  }
  if (extra.length > 0 || values.size > configured.length) return secretScrubber(values, extra);
  // Most look-ups: the server's secrets alone, whose scrubber is made once.
  let shared = scrubberOf.get(configured);
  if (!shared) {
    shared = secretScrubber(configured);
    scrubberOf.set(configured, shared);
  }
  return shared;
}
const NO_SECRETS: readonly string[] = [];
const scrubberOf = new WeakMap<readonly string[], (text: string) => string>();

/**
 * Performs an `http` node's request: checks where it goes (a secret only to a backend it is
 * bound to, an absolute URL only to an allowed host, at a public address), fills secrets and the
 * environment's backend URL, applies the timeout, retries idempotent requests on timeouts and
 * 5xx, and returns the event to feed back to the interpreter. A refused request is never sent
 * and takes the `error` output with the reason. Never throws.
 */
export async function performWebhook(effect: WebhookEffect, target: WebhookTarget): Promise<FlowEvent> {
  return (await explainedWebhook(effect, target)).event;
}

/** A connection's error code (ECONNREFUSED, ENOTFOUND, UND_ERR_SOCKET…), when it has one. */
function causeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown; cause?: { code?: unknown } }).code ?? (error as { cause?: { code?: unknown } }).cause?.code;
  return typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code) ? code : undefined;
}

/** As performWebhook, and says why a failed look-up failed (a preview shows it to the tester). */
export async function explainedWebhook(effect: WebhookEffect, target: WebhookTarget): Promise<ExplainedWebhook> {
  let url: string;
  let headers: Record<string, string> | undefined;
  let body: string | undefined;
  try {
    checkSecretsGo(effect, target);
    checkHeaders(effect);
    url = resolveUrl(effect, target);
    if (!effect.backend) checkOutsideUrl(url, target.allowedHosts ?? []);
    headers = Object.fromEntries(Object.entries(effect.headers).map(([k, v]) => [k, fillSecrets(v, target, 'text')]));
    body = effect.body === undefined ? undefined : fillSecrets(effect.body, target, 'json');
  } catch (error) {
    // A message may quote the URL it refused, secrets filled in.
    const message = scrubberFor(effect, target, headers)((error as Error).message);
    if (error instanceof RequestRefusedError) target.onRefused?.(effect, message);
    const failure = error instanceof RequestRefusedError || error instanceof WebhookSetupError ? scrubFailure(error.failure, scrubberFor(effect, target, headers)) : undefined;
    return { event: { type: 'webhook', outcome: 'error', message }, ...(failure ? { failure } : {}) };
  }
  const scrub = scrubberFor(effect, target, headers);
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    headers['content-type'] = 'application/json';
  }
  const send = target.transport ?? keepAliveTransport;
  const destination = effect.backend ? 'backend' : 'outside';
  // A backend's redirects stay under its base path too.
  const within = effect.backend ? backendScope(baseOf({ ...effect, backend: effect.backend }, target)) : undefined;
  const maxBytes = target.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const attempts = 1 + (IDEMPOTENT.has(effect.method) ? effect.retries : 0);
  let last: ExplainedWebhook = { event: { type: 'webhook', outcome: 'error', message: 'not attempted' } };
  const deadline = Date.now() + effect.timeoutMs;
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    // All attempts share the node's timeout: the caller waits for the node, not for each try.
    const remaining = deadline - Date.now();
    if (remaining <= 0) break;
    try {
      const response = await send(url, { method: effect.method, headers, body, timeoutMs: remaining, destination, maxBytes, ...(within ? { within } : {}) });
      // A backend that echoes the request (`Cannot GET /v1/…/<token>`) shows no one the token: not the tester, the flow, nor the transcript.
      const text = scrub(response.text);
      let parsed: unknown = text;
      if (text !== '') {
        // Read as the API reads bodies: at most MAX_JSON_DEPTH levels (an answer thousands deep
        // overflowed the stack of the prompt that showed it: the turn failed with a 500, the
        // contact stuck), and no `__proto__` key. Text that is not JSON stays the text.
        const reading = readJson(text);
        if (reading.ok) parsed = reading.value;
        else if (reading.code === 'json_too_deep') {
          // The same answer again would nest as deep: not retried.
          const message = `the answer nests deeper than ${MAX_JSON_DEPTH} levels`;
          target.onRefused?.(effect, message);
          return { event: { type: 'webhook', outcome: 'error', message }, failure: { code: 'http.tooDeep', params: { limit: String(MAX_JSON_DEPTH) } } };
        }
      }
      // Parsing may reveal a token the text hid (`\/`, `\u00e9` escapes): every string of the value is masked too.
      last = { event: { type: 'webhook', outcome: 'response', status: response.status, body: scrubDeep(parsed, scrub) } };
      if (response.status < 500) return last;
    } catch (error) {
      const { name, message } = error as Error;
      if (name === 'TimeoutError' || name === 'AbortError') {
        last = { event: { type: 'webhook', outcome: 'timeout' } };
        continue;
      }
      const safeMessage = scrub(message);
      // A refusal does not change on a second try.
      if (error instanceof RequestRefusedError) {
        target.onRefused?.(effect, safeMessage);
        return { event: { type: 'webhook', outcome: 'error', message: safeMessage }, failure: scrubFailure(error.failure, scrub) };
      }
      const cause = causeOf(error);
      last = { event: { type: 'webhook', outcome: 'error', message: safeMessage }, failure: { code: 'http.unreachable', ...(cause ? { params: { cause } } : {}) } };
    }
  }
  if (last.event.type === 'webhook' && last.event.outcome === 'error' && last.event.message === 'not attempted') {
    return { event: { type: 'webhook', outcome: 'timeout' } };
  }
  return last;
}

/** A parsed body with every string in it, keys and values, masked. */
function scrubDeep(value: unknown, scrub: (text: string) => string): unknown {
  if (typeof value === 'string') return scrub(value);
  if (Array.isArray(value)) return value.map((item) => scrubDeep(item, scrub));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [scrub(key), scrubDeep(item, scrub)]));
  return value;
}

/** A refusal's parameters (a redirect's target path may carry a token), masked. */
function scrubFailure<F extends { params?: Record<string, string> } | undefined>(failure: F, scrub: (text: string) => string): F {
  if (!failure?.params) return failure;
  return { ...failure, params: Object.fromEntries(Object.entries(failure.params).map(([key, value]) => [key, scrub(value)])) };
}
