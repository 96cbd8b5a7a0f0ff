/**
 * The operator's SMSC and its subscribers for the SMS benchmark, in a worker thread of its own
 * (another system in real life): the fake SMSC (SMPP 3.4 over loopback) and a paced load of
 * subscribers' SMS. Latency is read on the SMSC's clock, from sending a `deliver_sm` to the
 * first `submit_sm` it takes for that subscriber.
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
const waiting = new Map<string, { at: number; done: (ms: number) => void }>();
const smsc = await FakeSmsc.start({
  systemId: options.systemId,
  password: options.password,
  moIds: true,
  onSubmitted: (part) => {
    const wait = waiting.get(part.to);
    if (!wait) return;
    waiting.delete(part.to);
    wait.done(performance.now() - wait.at);
  },
});
/** Each subscriber's script: hello, French, then the balance (a look-up) again and again. */
const script = ['Bonjour', '1', '2'];
const step = new Map<string, number>();
const textFor = (number: string) => {
  const i = step.get(number) ?? 0;
  step.set(number, i + 1);
  return script[Math.min(i, script.length - 1)] as string;
};

async function paced(request: PacedRequest): Promise<PacedResult> {
  const latencies: number[] = [];
  const replies: Promise<void>[] = [];
  const acks: Promise<number>[] = [];
  let sent = 0;
  let skipped = 0;
  let unanswered = 0;
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
    replies.push(
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          if (waiting.get(to)?.done === done) waiting.delete(to);
          unanswered += 1;
          resolve();
        }, 15_000);
        const done = (ms: number) => {
          clearTimeout(timer);
          latencies.push(ms);
          resolve();
        };
        waiting.set(to, { at: performance.now(), done });
      }),
    );
    acks.push(smsc.deliver({ from: to, to: options.shortCode, text: textFor(to) }));
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
