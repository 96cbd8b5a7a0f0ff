/**
 * Meta, for the WhatsApp benchmark, in a worker thread of its own: sending signed webhooks, and
 * the Graph API receiving Griot's replies (the fake Graph server). Sending times and Graph
 * arrival times are read on this thread's clock, so latency needs no clock sharing; Griot runs on
 * the main thread with its own event loop, as it would with Meta elsewhere.
 */
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { signBody } from '../../connectors/src/whatsapp/testing/signBody.ts';
import { startFakeGraphServer, type RecordedGraphRequest } from '../../connectors/src/whatsapp/testing/fakeGraphServer.ts';
import * as webhooks from '../../connectors/src/whatsapp/testing/webhookFixtures.ts';

export interface MetaOptions {
  secret: string;
  accessToken: string;
  phoneNumberId: string;
  messageTimeoutMs: number;
}

export type MetaRequest =
  | { kind: 'paced'; url: string; rate: number; seconds: number; from: number; subscribers: number }
  | { kind: 'saturate'; url: string; seconds: number; from: number; workers: number }
  | { kind: 'bare'; url: string; seconds: number; workers: number }
  | { kind: 'close' };
export type MetaCommand = MetaRequest & { id: number };

export interface LoadResult {
  latencies: number[];
  /** The same, for the messages whose turn makes the flow's look-up (a subscriber's first "Solde"). */
  lookupLatencies: number[];
  done: number;
  failures: number;
  seconds: number;
}

const options = workerData as MetaOptions;
const agent = new Agent({ keepAlive: true, maxSockets: 512 });

/** First Graph request caused by each inbound message (its idempotency key `<wamid>:0`). */
const waiting = new Map<string, (record: RecordedGraphRequest) => void>();
const graph = await startFakeGraphServer({
  accessToken: options.accessToken,
  maxRecorded: 1,
  onRequest: (record) => {
    const key = String(record.body?.biz_opaque_callback_data ?? '');
    if (!key.endsWith(':0')) return;
    const inbound = key.slice(0, -2);
    waiting.get(inbound)?.(record);
    waiting.delete(inbound);
  },
});

/** The benchmark's subscribers: +229 01 97 xx xx xx. */
const waIdOf = (i: number) => `22901${String(97_000_000 + i).padStart(8, '0')}`;
const steps = new Map<string, number>();
const stepOf = (waId: string) => steps.get(waId) ?? 0;
/** The first "Solde" of a subscriber makes the look-up (later ones find the answer remembered). */
const looksUp = (waId: string) => stepOf(waId) === 2;

/** Bonjour → Français (button) → Solde (list row) → Menu principal (button) → Solde → … */
function nextBody(waId: string): Record<string, unknown> {
  const sender = { phoneNumberId: options.phoneNumberId, waId };
  const step = stepOf(waId);
  steps.set(waId, step + 1);
  if (step === 0) return webhooks.textMessage('Bonjour', sender);
  if (step === 1) return webhooks.buttonReply('fr', 'Français', sender);
  return step % 2 === 0 ? webhooks.listReply('balance', 'Solde', undefined, sender) : webhooks.buttonReply('mainMenu', 'Menu principal', sender);
}

function post(url: string, raw: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(raw), ...headers } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(raw);
  });
}

/** One signed webhook; resolves with the ms from sending it to the first Graph request it causes. */
function deliver(url: string, waId: string): Promise<number> {
  const body = nextBody(waId) as any;
  const wamid = body.entry[0].changes[0].value.messages[0].id as string;
  const raw = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      waiting.delete(wamid);
      reject(new Error('timeout'));
    }, options.messageTimeoutMs);
    const sent = performance.now();
    waiting.set(wamid, (record) => {
      clearTimeout(timer);
      resolve(record.receivedAt - sent);
    });
    post(url, raw, { 'x-hub-signature-256': signBody(options.secret, raw) }).then((status) => {
      if (status === 200) return;
      clearTimeout(timer);
      waiting.delete(wamid);
      reject(new Error(`webhook answered ${status}`));
    }, reject);
  });
}

async function paced(url: string, rate: number, seconds: number, from: number, subscribers: number): Promise<LoadResult> {
  const result: LoadResult = { latencies: [], lookupLatencies: [], done: 0, failures: 0, seconds };
  const total = Math.round(rate * seconds);
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i += 1) {
    const wait = start + (i * 1000) / rate - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    // Round-robin: each subscriber writes again a couple of seconds after its previous message.
    const waId = waIdOf(from + (i % subscribers));
    const lookup = looksUp(waId);
    inFlight.push(
      deliver(url, waId).then(
        (ms) => {
          (lookup ? result.lookupLatencies : result.latencies).push(ms);
          result.done += 1;
        },
        () => {
          result.failures += 1;
        },
      ),
    );
  }
  await Promise.all(inFlight);
  return result;
}

async function saturate(url: string, seconds: number, from: number, workers: number): Promise<LoadResult> {
  const result: LoadResult = { latencies: [], lookupLatencies: [], done: 0, failures: 0, seconds };
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      while (performance.now() < end) {
        try {
          result.latencies.push(await deliver(url, waIdOf(from + w)));
          result.done += 1;
        } catch {
          result.failures += 1;
        }
      }
    }),
  );
  result.seconds = (performance.now() - start) / 1000;
  return result;
}

async function bare(url: string, seconds: number, workers: number): Promise<LoadResult> {
  const result: LoadResult = { latencies: [], lookupLatencies: [], done: 0, failures: 0, seconds };
  const raw = JSON.stringify(webhooks.textMessage('Bonjour', { phoneNumberId: options.phoneNumberId, waId: waIdOf(0) }));
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (performance.now() < end) {
        if ((await post(url, raw, { 'x-hub-signature-256': signBody(options.secret, raw) })) === 200) result.done += 1;
        else result.failures += 1;
      }
    }),
  );
  result.seconds = (performance.now() - start) / 1000;
  return result;
}

parentPort!.on('message', async (command: MetaCommand) => {
  switch (command.kind) {
    case 'paced':
      parentPort!.postMessage({ id: command.id, result: await paced(command.url, command.rate, command.seconds, command.from, command.subscribers) });
      break;
    case 'saturate':
      parentPort!.postMessage({ id: command.id, result: await saturate(command.url, command.seconds, command.from, command.workers) });
      break;
    case 'bare':
      parentPort!.postMessage({ id: command.id, result: await bare(command.url, command.seconds, command.workers) });
      break;
    case 'close':
      agent.destroy();
      await graph.close();
      parentPort!.postMessage({ id: command.id, result: null });
      parentPort!.close();
      break;
  }
});
parentPort!.postMessage({ ready: true, graphUrl: graph.url });
