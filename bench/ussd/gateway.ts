/**
 * The USSD gateway for the USSD benchmark, in a process of its own (Africa's Talking runs
 * elsewhere; with `BENCH_THREADS=1`, a worker thread of the bench's process): subscribers dial
 * *919#, each request a form-encoded callback carrying every answer so far joined by `*`, as the
 * gateway sends them. Latency is read here, from sending a callback
 * to the end of its `text/plain` answer (the screen the handset shows).
 *
 * Each session walks the 1919 flow as a subscriber would, reading each screen: the language (1,
 * français) when it is asked, 00 until the main menu's "2. Solde" is on the screen, 2 (the balance,
 * the operator look-up): 3–4 screens, and there the `balance` journey leaves; the `goodbye` one
 * goes on: 00 until "3. Terminer" shows, 3, 00 until the satisfaction survey's
 * "5. Très satisfait" shows, 5: the goodbye with END.
 */
import { Agent, request } from 'node:http';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { readScreen } from '../../connectors/src/ussd/testing/ussdGateway.ts';
import { SLOW_MS, type TimedSpan } from './timedSpan.ts';
import { worldData, worldPort } from '../worldPort.ts';

export interface GatewayOptions {
  token: string;
  serviceCode: string;
  /** What a subscriber takes to read a screen and type an answer (0: answers at once). */
  thinkMs: number;
  /**
   * `balance`: the subscriber reads the balance and hangs up (the gateway just stops calling, as
   * when a handset cancels); `goodbye`: on to the goodbye's END, through the satisfaction survey.
   */
  journey: 'balance' | 'goodbye';
}

export type GatewayRequest =
  | { kind: 'paced'; url: string; rate: number; seconds: number; from: number; subscribers: number }
  | { kind: 'saturate'; url: string; seconds: number; from: number; workers: number }
  | { kind: 'close' };
export type GatewayCommand = GatewayRequest & { id: number };

export interface SessionsResult {
  /** Every screen's latency (ms). */
  latencies: number[];
  /** The first screen of each session (the dial: a new contact). */
  dialLatencies: number[];
  /** The screen answering "2. Solde" (the operator look-up in the turn). */
  lookupLatencies: number[];
  sessions: number;
  screens: number;
  /** Sessions that did not reach the goodbye: an error status, an unexpected screen, a timeout. */
  failures: number;
  /** Of the failures, the sessions Griot ended "busy" because it could not answer before the gateway's timeout (shed). */
  shed: number;
  firstFailure?: string;
  seconds: number;
  /** The screens that took SLOW_MS or more: when each was sent (epoch ms, this clock) and how long it took, to set beside Griot's pauses. */
  slow: TimedSpan[];
  /** This thread's own GC pauses during the run (epoch ms): a pause while an answer arrives inflates its latency. */
  gcPauses: TimedSpan[];
  /** This thread's own event-loop delay (p99, ms): what of the latency is the gateway's, not Griot's. */
  loopDelayP99Ms: number;
  /** How late the paced dials left against their schedule (p99, ms): whether the load came evenly. */
  dialLatenessP99Ms: number;
}

const options = worldData as GatewayOptions;
const agent = new Agent({ keepAlive: true, maxSockets: 512 });
const numberOf = (i: number) => `+22901${String(97_000_000 + i).padStart(8, '0')}`;
let sessionSeq = 0;

function post(url: string, fields: Record<string, string>): Promise<{ status: number; body: string; ms: number; sentAt: number }> {
  const raw = new URLSearchParams(fields).toString();
  return new Promise((resolve, reject) => {
    const sent = performance.now();
    const req = request(url, { method: 'POST', agent, timeout: 10_000, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(raw) } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, ms: performance.now() - sent, sentAt: performance.timeOrigin + sent }));
    });
    req.on('timeout', () => req.destroy(new Error('no answer in 10 s')));
    req.on('error', reject);
    req.end(raw);
  });
}

/** One subscriber's session, to the goodbye; its screens' latencies go into `result`. */
async function session(url: string, phoneNumber: string, thinkMs: number, result: SessionsResult): Promise<void> {
  const sessionId = `ATUid_bench${process.pid}_${++sessionSeq}`;
  const answers: string[] = [];
  let stage: 'menu' | 'after' | 'survey' = 'menu';
  let languageChosen = false;
  for (let screens = 0; screens < 16; screens += 1) {
    if (screens > 0 && thinkMs > 0) await new Promise((r) => setTimeout(r, thinkMs));
    const answer = await post(`${url}?token=${options.token}`, { sessionId, serviceCode: options.serviceCode, phoneNumber, networkCode: '61603', text: answers.join('*') });
    if (answer.status !== 200) throw new Error(`answered ${answer.status}: ${answer.body.slice(0, 80)}`);
    result.latencies.push(answer.ms);
    if (answer.ms >= SLOW_MS) result.slow.push({ at: answer.sentAt, ms: answer.ms });
    result.screens += 1;
    if (screens === 0) result.dialLatencies.push(answer.ms);
    else if (answers.at(-1) === '2' && stage === 'after') result.lookupLatencies.push(answer.ms);
    const match = /^(CON|END) ([\s\S]*)$/.exec(answer.body);
    if (!match) throw new Error(`not a USSD answer: ${answer.body.slice(0, 80)}`);
    const [, kind, screen = ''] = match;
    if (screen.length > 182) throw new Error(`a screen of ${screen.length} characters`);
    if (kind === 'END') {
      if (/^Service très demandé/.test(screen)) {
        result.shed += 1;
        throw new Error('shed: Griot answered "busy" before the gateway\'s timeout');
      }
      if (stage !== 'survey' || !/Bonne journée/.test(screen)) throw new Error(`ended early: ${screen.slice(0, 80)}`);
      return;
    }
    if (stage === 'after' && answers.at(-1) === '2') {
      if (!screen.startsWith('Votre crédit de communication est de')) throw new Error(`not the balance: ${screen.slice(0, 80)}`);
      if (options.journey === 'balance') return;
    }
    const { hasNext } = readScreen(screen);
    if (!languageChosen && screen.includes('Pour le français, tapez 1.')) {
      languageChosen = true;
      answers.push('1');
    } else if (stage === 'menu' && /^2\. Solde$/m.test(screen)) {
      stage = 'after';
      answers.push('2');
    } else if (stage === 'after' && /^3\. Terminer$/m.test(screen)) {
      stage = 'survey';
      answers.push('3');
    } else if (stage === 'survey' && /^5\. Très satisfait$/m.test(screen)) {
      answers.push('5');
    } else if (hasNext) {
      answers.push('00');
    } else {
      throw new Error(`unexpected screen: ${screen.slice(0, 120)}`);
    }
  }
  throw new Error('no goodbye after 16 screens');
}

const emptyResult = (seconds: number): SessionsResult => ({
  latencies: [],
  dialLatencies: [],
  lookupLatencies: [],
  sessions: 0,
  screens: 0,
  failures: 0,
  shed: 0,
  seconds,
  slow: [],
  gcPauses: [],
  loopDelayP99Ms: 0,
  dialLatenessP99Ms: 0,
});
const failed = (result: SessionsResult) => (error: unknown) => {
  result.failures += 1;
  result.firstFailure ??= error instanceof Error ? error.message : String(error);
};

/** `rate` new sessions each second for `seconds`, each subscriber thinking `thinkMs` before each answer. */
async function paced(url: string, rate: number, seconds: number, from: number, subscribers: number): Promise<SessionsResult> {
  const result = emptyResult(seconds);
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) result.gcPauses.push({ at: performance.timeOrigin + entry.startTime, ms: entry.duration });
  });
  gc.observe({ entryTypes: ['gc'] });
  const total = Math.round(rate * seconds);
  const start = performance.now();
  const running: Promise<void>[] = [];
  const lateness: number[] = [];
  for (let i = 0; i < total; i += 1) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    lateness.push(performance.now() - due);
    running.push(
      session(url, numberOf(from + (i % subscribers)), options.thinkMs, result).then(() => {
        result.sessions += 1;
      }, failed(result)),
    );
  }
  await Promise.all(running);
  loop.disable();
  gc.disconnect();
  result.loopDelayP99Ms = loop.percentile(99) / 1e6;
  lateness.sort((a, b) => a - b);
  result.dialLatenessP99Ms = lateness[Math.floor(0.99 * lateness.length)] ?? 0;
  return result;
}

/** `workers` subscribers each dialling again as soon as their session ends, answering at once. */
async function saturate(url: string, seconds: number, from: number, workers: number): Promise<SessionsResult> {
  const result = emptyResult(seconds);
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      while (performance.now() < end) {
        await session(url, numberOf(from + w), 0, result).then(() => {
          result.sessions += 1;
        }, failed(result));
      }
    }),
  );
  result.seconds = (performance.now() - start) / 1000;
  return result;
}

worldPort.on('message', async (command: GatewayCommand) => {
  switch (command.kind) {
    case 'paced':
      worldPort.postMessage({ id: command.id, result: await paced(command.url, command.rate, command.seconds, command.from, command.subscribers) });
      break;
    case 'saturate':
      worldPort.postMessage({ id: command.id, result: await saturate(command.url, command.seconds, command.from, command.workers) });
      break;
    case 'close':
      agent.destroy();
      worldPort.postMessage({ id: command.id, result: null });
      worldPort.close();
      break;
  }
});
worldPort.postMessage({ ready: true });
