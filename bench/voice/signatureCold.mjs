/**
 * `N=40000 node bench/voice/signatureCold.mjs <built tree>/connectors` (not in `npm run bench`):
 * one `verifyJambonzSignature` of a 1.3 kB body as a server runs it, between two checks other work
 * through the caches (SPAN_MB, default 0.5) and garbage made, a 300,000-object live heap; the p50
 * and p90 of one check (hrtime around it: the median holds on a loaded machine) and the process's
 * CPU per iteration. Run it for two trees in turn, several times (perf24: old and new HMAC).
 */
import { readFileSync } from 'node:fs';

const { verifyJambonzSignature, signJambonz } = await import(`${process.argv[2]}/dist/voice/signature.js`);
const keep = [];
for (let i = 0; i < 300000; i++) keep.push({ id: `call-${i}`, n: i, s: { a: [i, i + 1], b: `x${i}` } });
const body = Buffer.from(JSON.stringify({ call_sid: 'c0c38a12-88a9-4f74-aff6-9271f91f167e', direction: 'inbound', from: '+22997000001', to: '1919', pad: 'p'.repeat(1200) }));
const secret = 'bench-jambonz-webhook-secret-0123456789';
const big = new Float64Array((Number(process.env.SPAN_MB ?? 0.5) * 1048576) / 8); // the rest of a turn's work, through the caches
const N = Number(process.env.N ?? 20000);
const times = new Float64Array(N);
let ok = 0;
let junk = [];
const c0 = process.cpuUsage();
for (let i = 0; i < N + 2000; i++) {
  for (let j = 0; j < big.length; j += 8) big[j] += 1;
  for (let j = 0; j < 200; j++) junk.push({ a: `x${j}`, b: [j] });
  if (junk.length > 5000) junk = [];
  const h = signJambonz(secret, body);
  const t0 = process.hrtime.bigint();
  ok += verifyJambonzSignature(secret, h, body).ok ? 1 : 0;
  const t1 = process.hrtime.bigint();
  if (i >= 2000) times[i - 2000] = Number(t1 - t0) / 1000;
}
const cu = process.cpuUsage(c0);
const cpuPer = (cu.user + cu.system) / (N + 2000);
times.sort();
console.log(
  process.argv[2],
  'verify µs p50',
  times[N >> 1].toFixed(2),
  'p90',
  times[Math.floor(N * 0.9)].toFixed(2),
  'cpu µs/iter (all)',
  cpuPer.toFixed(2),
  'ok',
  ok,
  'load',
  readFileSync('/proc/loadavg', 'utf8').split(' ')[0],
);
