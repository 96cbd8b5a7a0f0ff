/**
 * `npx tsx bench/runtime/sessionVault.bench.ts` (from the repository root), not part of
 * `npm run bench`: what keeping sensitive variables apart costs a turn. The engine opens the
 * stored session when a turn begins and seals it when the turn is saved; this times that pair on
 * a 1919 session holding a PUK, a Mobile Money balance, three transactions and the one being
 * read, with and without GRIOT_DATA_KEY, beside what the SQLite store already does with the
 * same record every turn (JSON.stringify to write it, JSON.parse to read it).
 *
 * Env: BENCH_SECONDS per case (default 2).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { pino } from 'pino';
import { Flow } from '@griot/flows';
import { SessionVault } from '../../runtime/src/sensitive/SessionVault.ts';
import { parseDataKeys } from '../../runtime/src/sensitive/dataKeys.ts';
import type { SessionRecord } from '../../runtime/src/store/types.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 2);
const flow = Flow.parse(JSON.parse(readFileSync(new URL('../../flows/examples/1919-selfcare.json', import.meta.url), 'utf8')));
const transactions = [
  { date: '2026-11-02', amount: -5000, counterparty: 'SBEE électricité' },
  { date: '2026-10-30', amount: 15000, counterparty: 'Koffi Agossou' },
  { date: '2026-10-28', amount: -2000, counterparty: 'Marché Dantokpa' },
];
const record: SessionRecord = {
  key: 'voice:CA-0123456789abcdef0123456789abcdef',
  session: {
    v: 1,
    flowId: flow.id,
    flowVersion: 1,
    channel: 'voice',
    locale: 'fr',
    caller: { number: '+2290197000001', knownLocale: 'fr', lastChannel: 'voice' },
    vars: {
      service: 'momo',
      subscriberFound: true,
      segment: 'regular',
      puk: '12345678',
      balanceAirtime: 1250,
      balanceData: '850 Mo',
      momoBalance: 23500,
      transactions,
      txIndex: 1,
      tx: transactions[0]!,
      txAmount: 5000,
    },
    wait: { node: 'momoMenu', noInput: 0, noMatch: 0, for: 'caller' },
    path: [
      'start',
      'language',
      'welcome',
      'mainMenu',
      'setServiceMomo',
      'checkSubscriber',
      'lookupSubscriber',
      'setFound',
      'routeService',
      'momoBalanceReadout',
      'momoStart',
      'momoNextTx',
      'momoPickTx',
      'momoTxDirection',
      'momoTxDebit',
      'momoMenu',
    ],
    status: 'active',
    turns: 4,
  },
  bindingId: '10dbade9-ac82-44d3-a8bd-bee8815a1d2f',
  environment: 'production',
  preview: false,
  createdAt: '2026-12-03T06:39:38.225Z',
  updatedAt: '2026-12-03T06:39:38.255Z',
  expiresAt: '2026-12-03T07:09:38.255Z',
};

const log = pino({ level: 'silent' });
const parsed = parseDataKeys(`bench:${randomBytes(32).toString('base64')}`, undefined);
if (!parsed.ok || !parsed.keyring) throw new Error('key');
const sealing = new SessionVault(parsed.keyring, log);
const clear = new SessionVault(undefined, log);

/** Runs `turn` for `seconds` after a warm-up; the median of 5 slices, in microseconds per turn. */
function time(name: string, turn: () => unknown): number {
  for (let i = 0; i < 20_000; i += 1) turn();
  const slices: number[] = [];
  for (let s = 0; s < 5; s += 1) {
    const until = performance.now() + (seconds * 1000) / 5;
    let n = 0;
    const began = performance.now();
    while (performance.now() < until) {
      for (let i = 0; i < 100; i += 1) turn();
      n += 100;
    }
    slices.push(((performance.now() - began) * 1000) / n);
  }
  const median = slices.sort((a, b) => a - b)[2]!;
  console.log(`${name.padEnd(58)} ${median.toFixed(2).padStart(7)} µs/turn`);
  return median;
}

let sink = 0;
console.log(`session vault, ${seconds} s per case, load ${loadavg()[0]!.toFixed(2)}, Node ${process.version}`);
const sealedRecord = sealing.seal(flow, record);
console.log(`stored row: ${JSON.stringify(record).length} B in clear, ${JSON.stringify(sealedRecord).length} B with the sensitive part sealed`);
const baseline = time('store only: JSON.stringify + JSON.parse of the record', () => {
  sink += (JSON.parse(JSON.stringify(record)) as SessionRecord).session.turns;
});
const apart = time('without a key: seal + open (split, in clear)', () => {
  sink += clear.open(clear.seal(flow, record)).session.turns;
});
const sealed = time('with GRIOT_DATA_KEY: seal + open (AES-256-GCM)', () => {
  sink += sealing.open(sealing.seal(flow, record)).session.turns;
});
time('with GRIOT_DATA_KEY: seal + stringify + parse + open', () => {
  sink += sealing.open(JSON.parse(JSON.stringify(sealing.seal(flow, record))) as SessionRecord).session.turns;
});
console.log(`cost of sealing over the split alone: ${(sealed - apart).toFixed(2)} µs per turn; the store's own JSON work: ${baseline.toFixed(2)} µs`);
if (sink === 0) console.log('');
