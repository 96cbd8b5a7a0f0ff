/**
 * `npm run bench -w @griot/flows`: interpreter steps per second over the 1919 test paths, lint
 * time on a generated 1,000-node flow, and the serialized session size.
 * Targets: ≥ 200,000 steps/s on one core, lint < 50 ms, session ≤ 2 KB.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseFlow, lintFlow, step, createSession, inputToEvent, fixtureToEvent } from '../src/index.ts';
import type { Flow, FlowEvent, Session, HttpFixture } from '../src/index.ts';
import { generateLargeFlow } from './generateLargeFlow.ts';
import { classifyFallback } from '../src/intent/classifyFallback.ts';
import { evaluateFallback, type LabelledUtterance } from '../src/intent/evaluate1919.ts';

const examplePath = fileURLToPath(new URL('../examples/1919-selfcare.json', import.meta.url));
const parsed = parseFlow(JSON.parse(readFileSync(examplePath, 'utf8')));
if (!parsed.ok) throw new Error(`the 1919 flow does not parse: ${parsed.issues.map((i) => i.message).join('; ')}`);
const flow = parsed.flow;

/** Every (session, event) pair the 1919 test cases go through, recorded once. */
function recordTurns(f: Flow): { turns: Array<[Session, FlowEvent]>; sessions: Session[] } {
  const turns: Array<[Session, FlowEvent]> = [];
  const sessions: Session[] = [];
  for (const test of f.tests) {
    let session = createSession(f, { channel: test.channel, caller: test.caller, flowVersion: 1, ...(test.locale ? { locale: test.locale } : {}) });
    const used = new Map<string, number>();
    const deliver = (event: FlowEvent) => {
      let next: FlowEvent | undefined = event;
      while (next) {
        turns.push([session, next]);
        const r = step(f, session, next);
        session = r.session;
        sessions.push(session);
        next = undefined;
        if (r.effects.some((e) => e.type === 'classify')) {
          next = { type: 'classification', outcome: 'unavailable' };
          continue;
        }
        const webhook = r.effects.find((e) => e.type === 'webhook');
        const fixture = webhook && test.fixtures[webhook.node];
        if (webhook && fixture && (Array.isArray(fixture) || !('intent' in fixture))) {
          const list = Array.isArray(fixture) ? fixture : [fixture];
          const n = used.get(webhook.node) ?? 0;
          used.set(webhook.node, n + 1);
          next = fixtureToEvent(list[Math.min(n, list.length - 1)] as HttpFixture);
        }
      }
    };
    deliver({ type: 'start' });
    for (const s of test.steps) if (s.input && session.status !== 'ended') deliver(inputToEvent(s.input));
  }
  return { turns, sessions };
}

const { turns, sessions } = recordTurns(flow);

// Warm up, then measure for about two seconds.
for (let i = 0; i < 20; i += 1) for (const [s, e] of turns) step(flow, s, e);
// Measured in CPU time as well as wall time: on a shared machine, other processes take the
// core away, and steps per CPU-second is what one core of our own does.
let steps = 0;
const started = performance.now();
const cpuStarted = process.cpuUsage();
while (performance.now() - started < 2000) {
  for (const [s, e] of turns) step(flow, s, e);
  steps += turns.length;
}
const cpu = process.cpuUsage(cpuStarted);
const stepsPerSecond = steps / ((performance.now() - started) / 1000);
const stepsPerCpuSecond = steps / ((cpu.user + cpu.system) / 1e6);

const large = generateLargeFlow(1000);
for (let i = 0; i < 5; i += 1) lintFlow(large);
const lintTimes: number[] = [];
for (let i = 0; i < 30; i += 1) {
  const t = performance.now();
  lintFlow(large);
  lintTimes.push(performance.now() - t);
}
lintTimes.sort((a, b) => a - b);

const sizes = sessions.map((s) => Buffer.byteLength(JSON.stringify(s)));
const maxSession = Math.max(...sizes);
const meanSession = sizes.reduce((a, b) => a + b, 0) / sizes.length;

// The fallback classifier over the labelled 1919 utterances, with the main menu as intents.
const evaluation = JSON.parse(readFileSync(fileURLToPath(new URL('../src/intent/evaluation.json', import.meta.url)), 'utf8')) as { utterances: LabelledUtterance[] };
const accuracy = evaluateFallback(flow, evaluation.utterances);
const menu = flow.nodes.find((n) => n.id === 'mainMenu');
if (menu?.type !== 'menu') throw new Error('no mainMenu');
const intentsByLocale = Object.fromEntries(['fr', 'en'].map((l) => [l, menu.options.map((o) => ({ id: o.id, examples: [o.label[l] ?? '', ...(o.synonyms[l] ?? [])] }))]));
let classified = 0;
const classifyStarted = performance.now();
while (performance.now() - classifyStarted < 1000) {
  for (const u of evaluation.utterances) classifyFallback(u.text, intentsByLocale[u.locale] ?? []);
  classified += evaluation.utterances.length;
}
const classificationsPerSecond = classified / ((performance.now() - classifyStarted) / 1000);

const row = (name: string, value: string, target: string, ok: boolean) => console.log(`${name.padEnd(34)} ${value.padStart(16)}   target ${target.padEnd(12)} ${ok ? 'ok' : 'MISSED'}`);
console.log(`1919 flow: ${flow.nodes.length} nodes, ${flow.tests.length} test paths, ${turns.length} turns per pass`);
row('interpreter steps per CPU-second', Math.round(stepsPerCpuSecond).toLocaleString('en'), '≥ 200,000', stepsPerCpuSecond >= 200_000);
row('interpreter steps/s (wall clock)', Math.round(stepsPerSecond).toLocaleString('en'), '', true);
row(`lint, ${large.nodes.length}-node flow (median)`, `${lintTimes[15]?.toFixed(1)} ms`, '< 50 ms', (lintTimes[15] ?? 99) < 50);
row('lint, same (worst of 30)', `${lintTimes[29]?.toFixed(1)} ms`, '', true);
row('session JSON size (max over paths)', `${maxSession} B`, '≤ 2,048 B', maxSession <= 2048);
row('session JSON size (mean)', `${Math.round(meanSession)} B`, '', true);
row('fallback classifications/s', Math.round(classificationsPerSecond).toLocaleString('en'), '≥ 10,000', classificationsPerSecond >= 10_000);
row('fallback accuracy (1919 evaluation set)', `${accuracy.correct}/${accuracy.total} = ${(accuracy.accuracy * 100).toFixed(1)}%`, '', true);
