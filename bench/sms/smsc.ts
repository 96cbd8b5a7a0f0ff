/**
 * The operator's SMSC and its subscribers for the SMS benchmark, in a worker thread of its own
 * (another system in real life): the fake SMSC (SMPP 3.4 over loopback) and a paced load of
 * subscribers' SMS. Latency is read on the SMSC's clock, from sending a `deliver_sm` to the
 * `submit_sm` it takes with the first part of that subscriber's reply.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { FakeSmsc } from '../../connectors/src/sms/testing/fakeSmsc.ts';

export interface SmscOptions {
  systemId: string;
  password: string;
  shortCode: string;
}

export interface PacedRequest {
  kind: 'paced';
  id: number;
  rate: number;
  seconds: number;
  /** Subscribers' numbers used: `numberOf(from … from + subscribers - 1)`. */
  from: number;
  subscribers: number;
  /** The SMSC drops every link this many ms into the run (a crash, a cut). */
  dropAtMs?: number;
}

export interface PacedResult {
  sent: number;
  /** SMS the SMSC still had unacknowledged when the run ended (lost for good would stay here). */
  unacknowledged: number;
  /** Milliseconds from each deliver_sm to its first reply part. */
  latencies: number[];
  /** SMS with no reply part within the wait. */
  unanswered: number;
  /** Replies that were not the one the flow gives at that step (the script no longer matches the flow). */
  unexpected: number;
  /** Messages skipped because the subscriber still waited for the previous reply (the offered rate was not met). */
  skipped: number;
  redeliveries: number;
  partsTaken: number;
  /** ms from the drop to the next bind (when dropped). */
  outageMs?: number;
}

const numberOf = (i: number) => `22901${String(97_000_000 + i).padStart(8, '0')}`;

const options = workerData as SmscOptions;
/** The reply each subscriber waits for: when its SMS went, and the resolver of its wait. */
const waiting = new Map<string, { at: number; done: (ms: number, text: string) => void }>();
const smsc = await FakeSmsc.start({
  systemId: options.systemId,
  password: options.password,
  moIds: true,
  onSubmitted: (part) => {
    // A reply's first part starts its wait's answer; a later part (the previous reply's, when the
    // subscriber wrote again as soon as its first part came) must not answer the next SMS.
    if (part.concat && part.concat.seq !== 1) return;
    const wait = waiting.get(part.to);
    if (!wait) return;
    waiting.delete(part.to);
    wait.done(performance.now() - wait.at, part.text);
  },
});
/**
 * Each subscriber's script, as the 1919 flow answers it: hello (the language menu), "1" (French:
 * welcome and main menu), "2" (the balance, looked up once per contact, then "what now?": 1 main
 * menu, 2 an agent, 3 finish), then "1" (back to the main menu) and "2" (the balance again) in
 * turn. Answering "2" to "what now?" would ask for an agent: the next SMS would go to the agent's
 * queue and rightly get no reply from the flow. Each step names a few words its reply starts with.
 */
const script = [
  { text: 'Bonjour', reply: 'Pour le français' },
  { text: '1', reply: 'Bienvenue sur le 1919' },
  { text: '2', reply: 'Votre crédit de communication' },
  { text: '1', reply: 'Choisissez un service' },
] as const;
const step = new Map<string, number>();
/** The step a subscriber is at: the first three once, then the last two in turn. */
const stepFor = (number: string) => {
  const i = step.get(number) ?? 0;
  step.set(number, i + 1);
  return script[i < script.length ? i : 2 + ((i - 2) % 2)] as (typeof script)[number];
};

async function paced(request: PacedRequest): Promise<PacedResult> {
  const latencies: number[] = [];
  const replies: Promise<void>[] = [];
  const acks: Promise<number>[] = [];
  let sent = 0;
  let skipped = 0;
  let unanswered = 0;
  let unexpected = 0;
  let outageMs: number | undefined;
  const partsBefore = smsc.submitted.length;
  const redeliveriesBefore = smsc.counts.redeliveries;
  const began = performance.now();
  const total = Math.round(request.rate * request.seconds);
  let next = 0;
  let dropped = false;
  for (let n = 0; n < total; n += 1) {
    const due = began + (n * 1000) / request.rate;
    const delay = due - performance.now();
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    if (!dropped && request.dropAtMs !== undefined && performance.now() - began >= request.dropAtMs) {
      dropped = true;
      const at = performance.now();
      smsc.dropLinks();
      void (async () => {
        while (smsc.boundCount === 0) await new Promise((resolve) => setTimeout(resolve, 5));
        outageMs = performance.now() - at;
      })();
    }
    // The next subscriber not waiting for a reply (one SMS at a time each, as people write).
    let number: string | undefined;
    for (let tries = 0; tries < request.subscribers && !number; tries += 1) {
      const candidate = numberOf(request.from + (next++ % request.subscribers));
      if (!waiting.has(candidate)) number = candidate;
    }
    if (!number) {
      skipped += 1;
      continue;
    }
    const to = number;
    const { text, reply } = stepFor(to);
    replies.push(
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          if (waiting.get(to)?.done === done) waiting.delete(to);
          unanswered += 1;
          resolve();
        }, 15_000);
        const done = (ms: number, first: string) => {
          clearTimeout(timer);
          latencies.push(ms);
          if (!first.startsWith(reply)) unexpected += 1;
          resolve();
        };
        waiting.set(to, { at: performance.now(), done });
      }),
    );
    acks.push(smsc.deliver({ from: to, to: options.shortCode, text }));
    sent += 1;
  }
  await Promise.all(replies);
  await Promise.race([Promise.all(acks), new Promise((resolve) => setTimeout(resolve, 10_000))]);
  // Late parts of the last replies.
  await new Promise((resolve) => setTimeout(resolve, 500));
  return {
    sent,
    unacknowledged: smsc.unacknowledged,
    latencies,
    unanswered,
    unexpected,
    skipped,
    redeliveries: smsc.counts.redeliveries - redeliveriesBefore,
    partsTaken: smsc.submitted.length - partsBefore,
    ...(outageMs !== undefined ? { outageMs } : {}),
  };
}

parentPort!.on('message', async (message: PacedRequest | { kind: 'close'; id: number }) => {
  if (message.kind === 'close') {
    await smsc.close();
    parentPort!.postMessage({ id: message.id });
    parentPort!.close();
    return;
  }
  parentPort!.postMessage({ id: message.id, result: await paced(message) });
});
parentPort!.postMessage({ url: smsc.url });
