/**
 * `npx tsx bench/intents/classify.bench.ts` (from the repository root): what the LLM classifier
 * adds to a classification beside the model's own time. A fake OpenAI-compatible server on
 * 127.0.0.1 answers at once; each classifier call (prompt and schema from cache, the openai SDK,
 * HTTP on loopback, structured-output parsing with zod) alternates with a raw `fetch` of the same
 * endpoint with the same body. Overhead = classifier − raw fetch, per pair. The fake's own
 * handler time is recorded too, and the process's CPU time per call (less sensitive to other jobs
 * on the machine than wall-clock percentiles). Target: overhead p50 and p99 < 2 ms.
 *
 * Env: BENCH_CALLS (default 2000), BENCH_WARMUP (200).
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { pino } from 'pino';
import type { ClassifyEffect } from '@griot/flows';
import { startFakeOpenAi } from '../../runtime/src/intents/testing/fakeOpenAi.ts';
import { createLlmClassifier } from '../../runtime/src/intents/llmClassifier.ts';
import { classificationRequest } from '../../runtime/src/intents/classificationRequest.ts';

const CALLS = Number(process.env.BENCH_CALLS ?? 2000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 200);

// The 1919 main menu in French, as the interpreter hands it over.
const flow = JSON.parse(readFileSync(new URL('../../flows/examples/1919-selfcare.json', import.meta.url), 'utf8'));
const menu = flow.nodes.find((n: { id: string }) => n.id === 'mainMenu');
const intents = menu.options.map((o: any) => ({ id: o.id, label: o.label.fr, description: o.label.fr, examples: o.synonyms.fr }));
const req: ClassifyEffect = { type: 'classify', node: 'mainMenu', locale: 'fr', text: 'ma puce est bloquée, je ne peux plus appeler', intents, slots: [], timeoutMs: 3000 };

const fake = await startFakeOpenAi();
fake.behave({ answer: { intent: 'puk', confidence: 0.95, slots: {} } });
const classify = createLlmClassifier({ baseURL: fake.baseURL, apiKey: 'bench', model: 'fake', logger: pino({ level: 'silent' }) });

// The same request body the SDK sends, for the raw baseline.
await classify(req);
const rawBody = JSON.stringify(fake.requests[0]);
const rawFetch = async () => {
  const response = await fetch(`${fake.baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer bench' }, body: rawBody });
  const completion = (await response.json()) as { choices: Array<{ message: { content: string } }> };
  return JSON.parse(completion.choices[0]!.message.content);
};

const ms = (since: number) => performance.now() - since;
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const f = (v: number) => v.toFixed(3);

for (let i = 0; i < WARMUP; i += 1) {
  await classify(req);
  await rawFetch();
}
fake.requests.length = 0;
fake.handlerMs.length = 0;

const classifier: number[] = [];
const raw: number[] = [];
const overhead: number[] = [];
const load = loadavg()[0]!;
for (let i = 0; i < CALLS; i += 1) {
  // Alternate which goes first so neither always runs on a warmer connection.
  let c = 0;
  let r = 0;
  if (i % 2 === 0) {
    let t = performance.now();
    const event = await classify(req);
    c = ms(t);
    if (event.type !== 'classification' || event.outcome !== 'ok') throw new Error(`unexpected ${JSON.stringify(event)}`);
    t = performance.now();
    await rawFetch();
    r = ms(t);
  } else {
    let t = performance.now();
    await rawFetch();
    r = ms(t);
    t = performance.now();
    await classify(req);
    c = ms(t);
  }
  classifier.push(c);
  raw.push(r);
  overhead.push(c - r);
}

// CPU time per call (this process: client side and the fake), which the machine's other jobs
// do not inflate the way they inflate wall-clock percentiles.
const cpuPerCall = async (run: () => Promise<unknown>) => {
  const before = process.cpuUsage();
  for (let i = 0; i < CALLS; i += 1) await run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / CALLS;
};
const cpuClassifier = await cpuPerCall(() => classify(req));
const cpuRaw = await cpuPerCall(rawFetch);

// First call for a node and locale: the prompt and the JSON schema are built, then cached.
const cold: number[] = [];
for (let i = 0; i < 500; i += 1) {
  const fresh = { ...req, intents: intents.map((x: object) => ({ ...x })) };
  const t = performance.now();
  classificationRequest(fresh);
  cold.push(ms(t));
}

const handler = fake.handlerMs;
await fake.close();

console.log(`Node ${process.version}, ${cpus().length} CPUs, load average ${load.toFixed(2)} → ${loadavg()[0]!.toFixed(2)}; ${CALLS} calls after ${WARMUP} warm-up`);
console.log('| per call (ms) | p50 | p99 |');
console.log('|---|---|---|');
console.log(`| classifier, end to end | ${f(percentile(classifier, 50))} | ${f(percentile(classifier, 99))} |`);
console.log(`| raw fetch, same body | ${f(percentile(raw, 50))} | ${f(percentile(raw, 99))} |`);
console.log(`| fake server handler | ${f(percentile(handler, 50))} | ${f(percentile(handler, 99))} |`);
console.log(`| **overhead** (classifier − raw, per pair) | **${f(percentile(overhead, 50))}** | **${f(percentile(overhead, 99))}** |`);
console.log(`| classifier − fake handler | ${f(percentile(classifier, 50) - percentile(handler, 50))} | ${f(percentile(classifier, 99) - percentile(handler, 99))} |`);
console.log(`| first call per node and locale: prompt + schema built | ${f(percentile(cold, 50))} | ${f(percentile(cold, 99))} |`);
console.log(`| CPU per call, mean: classifier ${f(cpuClassifier)}, raw fetch ${f(cpuRaw)} | **overhead ${f(cpuClassifier - cpuRaw)}** (mean) | |`);
const ok = percentile(overhead, 50) < 2 && percentile(overhead, 99) < 2;
console.log(`target overhead p50 and p99 < 2 ms: ${ok ? 'met' : 'NOT met'}`);
