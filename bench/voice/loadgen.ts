/**
 * The simulated jambonz of the voice benchmark, in a worker thread so the server's event loop is
 * Griot's alone (jambonz is another machine). Phases are asked for by the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { randomUUID } from 'node:crypto';
import { httpLink, wsLink, type JambonzLink } from '../../connectors/src/voice/testing/index.ts';
import { gatherDigits, subsequentPayload } from '../../connectors/src/voice/testing/jambonzPayloads.ts';
import { Journey, timedLink } from './journey.ts';

export interface Targets {
  griotUrl: string;
  griotWsUrl: string;
  bareUrl: string;
  bareWsUrl: string;
  secret: string;
  wsAuth: { username: string; password: string };
  callers: string[];
}
export type Transport = 'http' | 'ws';
export type Phase =
  | { phase: 'paced'; calls: number; seconds: number }
  | { phase: 'saturate'; target: 'griot' | 'bare'; transport: Transport; workers: number; seconds: number }
  | { phase: 'sequential'; target: 'griot' | 'bare'; transport: Transport; turns: number };
export type PhaseResult =
  | { phase: 'paced'; latencies: Record<Transport, Array<[number, number]>>; journeys: number; failures: string[] }
  | { phase: 'saturate'; turnsPerSecond: number }
  | { phase: 'sequential'; times: number[] };

const targets = workerData as Targets;
const sleep = (t: number) => new Promise((resolve) => setTimeout(resolve, t));
const caller = (i: number) => targets.callers[i % targets.callers.length] as string;

async function griotLink(transport: Transport, record: (t: number) => void): Promise<JambonzLink> {
  return timedLink(transport === 'http' ? httpLink(targets.griotUrl, { secret: targets.secret }) : await wsLink(targets.griotWsUrl, { auth: targets.wsAuth }), record);
}

async function bareLink(transport: Transport): Promise<{ link: JambonzLink; hook: string }> {
  return transport === 'http' ? { link: httpLink(targets.bareUrl, { secret: targets.secret }), hook: '/bare' } : { link: await wsLink(targets.bareWsUrl), hook: '/jambonz/gather' };
}

const barePayload = subsequentPayload({ callSid: 'CA-bare', from: '+2290197000001', to: '1919' }, { griot: { v: 1, session: 'voice:CA-bare', locale: 'fr', node: 'mainMenu' } }, gatherDigits('1'));

async function paced(calls: number, seconds: number): Promise<PhaseResult> {
  const latencies: Record<Transport, Array<[number, number]>> = { http: [], ws: [] };
  const began = performance.now();
  const deadline = began + seconds * 1000;
  let journeys = 0;
  const failures: string[] = [];
  await Promise.all(
    Array.from({ length: calls }, async (_, index) => {
      const transport: Transport = index % 2 === 0 ? 'http' : 'ws';
      await sleep(Math.random() * 5000); // callers do not all dial in the same millisecond
      for (let round = 0; performance.now() < deadline && round < 100; round += 1) {
        const link = await griotLink(transport, (t) => latencies[transport].push([performance.now() - began, t]));
        const journey = new Journey(link, randomUUID(), caller(index), index + round);
        try {
          while (performance.now() < deadline && (await journey.next())) await sleep(2000 + Math.random() * 3000);
          journeys += 1;
        } catch (error) {
          if (failures.length < 5) failures.push((error as Error).message);
        }
        await journey.hangup().catch(() => {});
      }
    }),
  );
  return { phase: 'paced', latencies, journeys, failures };
}

async function saturate(target: 'griot' | 'bare', transport: Transport, workers: number, seconds: number): Promise<PhaseResult> {
  let turns = 0;
  const began = performance.now();
  const deadline = began + seconds * 1000;
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      if (target === 'bare') {
        const { link, hook } = await bareLink(transport);
        for (let i = 0; performance.now() < deadline && i < 10_000_000; i += 1) {
          await link.hook('verb:hook', hook, barePayload);
          turns += 1;
        }
        link.close();
        return;
      }
      for (let round = 0; performance.now() < deadline && round < 100_000; round += 1) {
        const journey = new Journey(await griotLink(transport, () => (turns += 1)), randomUUID(), caller(w * 7 + round), round);
        try {
          while (performance.now() < deadline && (await journey.next()));
        } catch {
          /* the turns counted stand; a failed journey just ends */
        }
        await journey.hangup().catch(() => {});
      }
    }),
  );
  return { phase: 'saturate', turnsPerSecond: turns / ((performance.now() - began) / 1000) };
}

async function sequential(target: 'griot' | 'bare', transport: Transport, turns: number): Promise<PhaseResult> {
  const times: number[] = [];
  if (target === 'bare') {
    const { link, hook } = await bareLink(transport);
    for (let i = 0; i < turns; i += 1) {
      const began = performance.now();
      await link.hook('verb:hook', hook, barePayload);
      times.push(performance.now() - began);
    }
    link.close();
    return { phase: 'sequential', times };
  }
  for (let round = 0; times.length < turns && round < turns; round += 1) {
    const journey = new Journey(await griotLink(transport, (t) => times.push(t)), randomUUID(), caller(round), round);
    while (times.length < turns && (await journey.next()));
    await journey.hangup();
  }
  return { phase: 'sequential', times };
}

parentPort?.on('message', async (request: Phase) => {
  let result: PhaseResult;
  if (request.phase === 'paced') result = await paced(request.calls, request.seconds);
  else if (request.phase === 'saturate') result = await saturate(request.target, request.transport, request.workers, request.seconds);
  else result = await sequential(request.target, request.transport, request.turns);
  parentPort?.postMessage(result);
});
