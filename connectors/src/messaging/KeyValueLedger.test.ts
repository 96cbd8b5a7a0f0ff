import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KeyValueLedger } from './KeyValueLedger.ts';
import { ledgerContract } from './ledgerContract.ts';
import { SqliteKeyValue } from './SqliteKeyValue.ts';

const dir = mkdtempSync(join(tmpdir(), 'griot-ledger-'));
const opened: SqliteKeyValue[] = [];
let n = 0;
const open = (path = join(dir, `ledger-${++n}.sqlite`)) => {
  const kv = new SqliteKeyValue(path);
  opened.push(kv);
  return kv;
};
afterAll(async () => {
  for (const kv of opened) await kv.close();
  rmSync(dir, { recursive: true, force: true });
});

ledgerContract('KeyValueLedger over SQLite', () => new KeyValueLedger(open()));

describe('KeyValueLedger over SQLite', () => {
  it('remembers processed messages across a restart, and between two processes on one file', async () => {
    const path = join(dir, 'shared.sqlite');
    const later = new Date(Date.now() + 3_600_000).toISOString();
    const first = new KeyValueLedger(open(path));
    expect(await first.claimInbound('wamid.X', later)).toBe(true);
    const second = new KeyValueLedger(open(path));
    expect(await second.claimInbound('wamid.X', later)).toBe(false);
  });

  it('lets an expired claim be taken again and purges it', async () => {
    let now = Date.parse('2026-01-01T10:00:00.000Z');
    const kv = new SqliteKeyValue(join(dir, 'expiry.sqlite'), () => now);
    opened.push(kv);
    const ledger = new KeyValueLedger(kv, () => now);
    expect(await ledger.claimInbound('wamid.Y', '2026-01-01T11:00:00.000Z')).toBe(true);
    now = Date.parse('2026-01-01T11:00:00.000Z');
    expect(await kv.purgeExpired()).toBe(1);
    expect(await ledger.claimInbound('wamid.Y', '2026-01-01T12:00:00.000Z')).toBe(true);
  });
});
