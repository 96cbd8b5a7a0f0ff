import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the fake answers the next requests. */
export type FakeBehaviour =
  /** A chat completion whose message content is this value as JSON. */
  | { answer: unknown; delayMs?: number }
  /** A chat completion whose message content is this raw text. */
  | { content: string; delayMs?: number }
  | { refusal: string }
  | { status: number; delayMs?: number };

export interface FakeOpenAi {
  /** `http://127.0.0.1:<port>/v1`, for `baseURL`. */
  baseURL: string;
  /** Parsed request bodies, oldest first. */
  requests: Array<Record<string, any>>;
  /** Headers of those requests. */
  headers: IncomingMessage['headers'][];
  /** Time spent in the handler per answered request, in ms: body parsed to response written, any delay left out. */
  handlerMs: number[];
  behave(behaviour: FakeBehaviour | ((body: Record<string, any>) => FakeBehaviour)): void;
  close(): Promise<void>;
}

function completion(body: Record<string, any>, content: string | null, refusal: string | null = null) {
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: body.model ?? 'fake',
    choices: [{ index: 0, finish_reason: 'stop', logprobs: null, message: { role: 'assistant', content, refusal } }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  };
}

/**
 * A local server speaking the part of the OpenAI API the classifier uses,
 * `POST /v1/chat/completions`, on 127.0.0.1: for tests and benchmarks, with no network.
 */
export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  let behaviour: FakeBehaviour | ((body: Record<string, any>) => FakeBehaviour) = { answer: { intent: null, confidence: 0, slots: {} } };
  const requests: FakeOpenAi['requests'] = [];
  const headers: FakeOpenAi['headers'] = [];
  const handlerMs: number[] = [];
  const pending = new Set<NodeJS.Timeout>();

  const respond = (res: ServerResponse, status: number, payload: unknown) => {
    const text = JSON.stringify(payload);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const began = performance.now();
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return respond(res, 404, { error: { message: 'not found' } });
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, any>;
      requests.push(body);
      headers.push(req.headers);
      const current = typeof behaviour === 'function' ? behaviour(body) : behaviour;
      const send = (waitedMs: number) => {
        if ('status' in current) respond(res, current.status, { error: { message: 'fake failure', type: 'server_error' } });
        else if ('refusal' in current) respond(res, 200, completion(body, null, current.refusal));
        else respond(res, 200, completion(body, 'content' in current ? current.content : JSON.stringify(current.answer)));
        handlerMs.push(performance.now() - began - waitedMs);
      };
      const delayMs = 'delayMs' in current ? (current.delayMs ?? 0) : 0;
      if (delayMs <= 0) return send(0);
      const before = performance.now();
      const timer = setTimeout(() => {
        pending.delete(timer);
        if (!res.destroyed) send(performance.now() - before);
      }, delayMs);
      pending.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    headers,
    handlerMs,
    behave(next) {
      behaviour = next;
    },
    async close() {
      for (const timer of pending) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
