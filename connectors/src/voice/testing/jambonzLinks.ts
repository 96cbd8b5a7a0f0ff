import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import WebSocket from 'ws';
import { signJambonz } from '../signature.ts';

/** How a simulated jambonz reaches Griot: webhooks or the WebSocket API, one call per link. */
export interface JambonzLink {
  readonly transport: 'http' | 'ws';
  /** The call hook / `session:new`; resolves with the verbs to run. */
  newCall(payload: Record<string, unknown>): Promise<unknown[]>;
  /** An action hook (`verb:hook`), or a `redirect` verb's hook (`session:redirect` over the WebSocket). */
  hook(kind: 'verb:hook' | 'session:redirect', hook: string, payload: Record<string, unknown>): Promise<unknown[]>;
  /** Verbs the application pushed without being asked (WebSocket `redirect` commands). */
  nextCommand(timeoutMs: number): Promise<unknown[]>;
  status(payload: Record<string, unknown>): Promise<void>;
  close(): void;
}

export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    body: string,
  ) {
    super(`jambonz hook answered ${status}: ${body.slice(0, 200)}`);
  }
}

/** One keep-alive pool for every simulated call, as jambonz keeps its connections to the app. */
const keepAlive = new Agent({ keepAlive: true, maxSockets: 512 });

/**
 * One POST on the pool. A kept-alive socket the server closed for idleness just as this request
 * went out fails with ECONNRESET ("socket hang up") before the server read anything: sent again
 * once on a fresh socket, as Node's documentation advises (`request.reusedSocket`). A loaded
 * machine stretches a call's pauses to the server's keep-alive timeout and made that race.
 */
function postJson(url: string, body: string, headers: Record<string, string>, retried = false): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent: keepAlive, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (!retried && req.reusedSocket && error.code === 'ECONNRESET') resolve(postJson(url, body, headers, true));
      else reject(error);
    });
    req.end(body);
  });
}

/** A webhook as jambonz sent it (path with its query, body, `Jambonz-Signature`), to be sent again as it was. */
export interface SentHook {
  path: string;
  body: string;
  signature: string;
}

/** What the application answered a webhook. */
export interface HookAnswer {
  status: number;
  text: string;
}

/** Sends `hook` to the application at `baseUrl` as jambonz would (its body and signature as they were): a replay, a retry. */
export function sendHook(baseUrl: string, hook: SentHook): Promise<HookAnswer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (hook.signature) headers['jambonz-signature'] = hook.signature;
  return postJson(`${baseUrl}${hook.path}`, hook.body, headers);
}

/** A call's webhooks, each posted by `post` (path or URL, payload) and answered with the verbs to run. */
function webhookLink(post: (path: string, payload: Record<string, unknown>) => Promise<HookAnswer>): JambonzLink {
  const verbs = async (path: string, payload: Record<string, unknown>) => {
    const res = await post(path, payload);
    if (res.status !== 200 && res.status !== 204) throw new HttpStatusError(res.status, res.text);
    return res.text === '' ? [] : (JSON.parse(res.text) as unknown[]);
  };
  return {
    transport: 'http',
    newCall: (payload) => verbs('/jambonz/call', payload),
    hook: (_kind, hook, payload) => verbs(hook, payload),
    nextCommand: () => Promise.reject(new Error('webhooks have no pushed commands')),
    status: async (payload) => {
      await verbs('/jambonz/status', payload);
    },
    close() {},
  };
}

/** Webhooks as jambonz's http requestor sends them: POST JSON, signed when there is a secret. */
export function httpLink(baseUrl: string, options: { secret?: string } = {}): JambonzLink {
  return webhookLink((path, payload) => {
    const url = /^https?:\/\//.test(path) ? path : `${baseUrl}${path}`;
    const body = JSON.stringify(payload);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.secret) headers['jambonz-signature'] = signJambonz(options.secret, body);
    return postJson(url, body, headers);
  });
}

/**
 * Webhooks signed with `secret`, each handed to `deliver` as sent (`SentHook`): which instance of
 * several it reaches (a balancer), kept to be sent again (`sendHook`), its answer lost and retried.
 */
export function deliveredHttpLink(secret: string, deliver: (hook: SentHook) => Promise<HookAnswer>): JambonzLink {
  return webhookLink((path, payload) => {
    const url = new URL(path, 'http://jambonz');
    const body = JSON.stringify(payload);
    return deliver({ path: `${url.pathname}${url.search}`, body, signature: signJambonz(secret, body) });
  });
}

/** The WebSocket API as jambonz's ws requestor speaks it: frames with msgids, acks within 5 s. */
export async function wsLink(url: string, options: { auth?: { username: string; password: string }; ackTimeoutMs?: number; headers?: Record<string, string> } = {}): Promise<JambonzLink> {
  const ws = new WebSocket(url, ['ws.jambonz.org'], {
    ...(options.auth ? { auth: `${options.auth.username}:${options.auth.password}` } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`WebSocket refused: ${res.statusCode}`)));
  });
  const acks = new Map<string, (data: unknown[]) => void>();
  const commands: unknown[][] = [];
  const commandWaiters: Array<(data: unknown[]) => void> = [];
  let callSid: string | undefined;
  ws.on('message', (raw) => {
    const frame = JSON.parse(raw.toString()) as { type: string; msgid?: string; command?: string; data?: unknown[] };
    if (frame.type === 'ack' && frame.msgid) {
      acks.get(frame.msgid)?.(frame.data ?? []);
      acks.delete(frame.msgid);
    } else if (frame.type === 'command' && frame.command === 'redirect') {
      const waiter = commandWaiters.shift();
      if (waiter) waiter(frame.data ?? []);
      else commands.push(frame.data ?? []);
    }
  });
  const ackTimeout = options.ackTimeoutMs ?? 5000;
  const request = (type: string, hook: string | undefined, data: Record<string, unknown>) =>
    new Promise<unknown[]>((resolve, reject) => {
      const msgid = randomUUID();
      const timer = setTimeout(() => {
        acks.delete(msgid);
        reject(new Error(`no ack for ${type} within ${ackTimeout} ms`));
      }, ackTimeout);
      acks.set(msgid, (verbs) => {
        clearTimeout(timer);
        resolve(verbs);
      });
      ws.send(JSON.stringify({ type, msgid, call_sid: callSid, ...(hook ? { hook } : {}), data }));
    });
  return {
    transport: 'ws',
    newCall: (payload) => {
      callSid = String(payload.call_sid);
      return request('session:new', undefined, payload);
    },
    hook: (kind, hook, payload) => request(kind, hook, payload),
    nextCommand: (timeoutMs) =>
      new Promise<unknown[]>((resolve, reject) => {
        const queued = commands.shift();
        if (queued) return resolve(queued);
        const timer = setTimeout(() => reject(new Error(`no command within ${timeoutMs} ms`)), timeoutMs);
        commandWaiters.push((data) => {
          clearTimeout(timer);
          resolve(data);
        });
      }),
    status: async (payload) => {
      ws.send(JSON.stringify({ type: 'call:status', msgid: randomUUID(), call_sid: callSid, data: payload }));
    },
    close: () => ws.close(1000),
  };
}

/**
 * jambonz reconnecting to the app after losing the socket: a new WebSocket, `session:reconnect`
 * with the call's first payload; resolves with the verbs of the ack.
 */
export async function wsReconnect(url: string, payload: Record<string, unknown>, options: { auth?: { username: string; password: string } } = {}): Promise<unknown[]> {
  const ws = new WebSocket(url, ['ws.jambonz.org'], options.auth ? { auth: `${options.auth.username}:${options.auth.password}` } : {});
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`WebSocket refused: ${res.statusCode}`)));
    });
    const msgid = randomUUID();
    const ack = new Promise<unknown[]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no ack for session:reconnect within 5000 ms')), 5000);
      ws.on('message', (raw) => {
        const frame = JSON.parse(raw.toString()) as { type: string; msgid?: string; data?: unknown[] };
        if (frame.type !== 'ack' || frame.msgid !== msgid) return;
        clearTimeout(timer);
        resolve(frame.data ?? []);
      });
    });
    ws.send(JSON.stringify({ type: 'session:reconnect', msgid, call_sid: payload.call_sid, data: payload }));
    return await ack;
  } finally {
    ws.close(1000);
  }
}
