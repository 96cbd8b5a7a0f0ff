/**
 * The agent inbox under load: 1,000 waiting contacts. Measures (a) the time from a change (a
 * new contact enqueued through the engine's handoff hook) to its Server-Sent Event arriving at
 * an inbox client over HTTP, and (b) the time to list the queues (GET /api/agent/queues).
 *
 *   npx tsx bench/handoff/inbox.bench.ts        (BENCH_CONTACTS=1000 BENCH_CHANGES=300)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../runtime/src/config.ts';
import { startServer } from '../../runtime/src/server.ts';
import { handoffOf } from './benchContacts.ts';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 1000);
const CHANGES = Number(process.env.BENCH_CHANGES ?? 300);
const LISTINGS = Number(process.env.BENCH_LISTINGS ?? 50);
const TOKEN = 'bench-admin-token-0123456789abcdef';

const pct = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? NaN;
const ms = (v: number) => `${v.toFixed(1)} ms`;

const dataDir = await mkdtemp(join(tmpdir(), 'griot-bench-handoff-'));
const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', GRIOT_DEMO: '0', GRIOT_ADMIN_TOKEN: TOKEN, NODE_ENV: 'production' });
const server = await startServer(config, { announce: () => {}, designerDir: join(dataDir, 'none') });
const hooks = server.services.handoff.hooks;
const auth = { authorization: `Bearer ${TOKEN}` };
try {
  const filling = performance.now();
  for (let i = 0; i < CONTACTS; i += 1) {
    const { record, session, effect } = handoffOf(i);
    await hooks.requested(record, session, effect);
  }
  console.log(`${CONTACTS} waiting contacts enqueued in ${ms(performance.now() - filling)}`);

  // (a) change → SSE event at a client.
  const response = await fetch(`${server.url}/api/agent/events`, { headers: auth });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const arrivals = new Map<string, (at: number) => void>();
  void (async () => {
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      const at = performance.now();
      buffer += decoder.decode(value, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const data = /^data: (.+)$/m.exec(buffer.slice(0, cut))?.[1];
        buffer = buffer.slice(cut + 2);
        if (!data) continue;
        const change = JSON.parse(data) as { id: string; status?: string };
        if (change.status === 'waiting') for (const [, resolve] of arrivals) resolve(at);
      }
    }
  })();
  const latencies: number[] = [];
  for (let i = 0; i < CHANGES; i += 1) {
    const { record, session, effect } = handoffOf(CONTACTS + i);
    const arrived = new Promise<number>((resolve) => arrivals.set(record.key, resolve));
    const began = performance.now();
    await hooks.requested(record, session, effect);
    latencies.push((await arrived) - began);
    arrivals.delete(record.key);
  }
  await reader.cancel();
  const p50 = pct(latencies, 50);
  const p99 = pct(latencies, 99);
  console.log(
    `(a) change → SSE at the client, ${CHANGES} changes over ${CONTACTS}+ waiting: p50 ${ms(p50)}, p99 ${ms(p99)}, max ${ms(Math.max(...latencies))} — target p99 < 200 ms: ${p99 < 200 ? 'PASS' : 'FAIL'}`,
  );

  // (b) listing the queues.
  const listings: number[] = [];
  let count = 0;
  for (let i = 0; i < LISTINGS; i += 1) {
    const began = performance.now();
    const queues = (await (await fetch(`${server.url}/api/agent/queues`, { headers: auth })).json()) as Array<{ contacts: unknown[] }>;
    listings.push(performance.now() - began);
    count = queues.reduce((n, q) => n + q.contacts.length, 0);
  }
  console.log(`(b) GET /api/agent/queues with ${count} contacts: p50 ${ms(pct(listings, 50))}, p99 ${ms(pct(listings, 99))}`);
} finally {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
}
