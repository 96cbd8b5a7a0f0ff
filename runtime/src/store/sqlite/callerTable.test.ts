import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallerProfile, ContactSummary } from '../types.ts';
import { CONTACTS_KEPT } from '../callerChanges.ts';
import { at, caller, session, turn } from '../contract/fixtures.ts';
import { migrate, migrations } from './migrations.ts';
import { SqliteStore } from './SqliteStore.ts';

const contact = (minute: number): ContactSummary => ({ at: at(minute), channel: minute % 2 ? 'voice' : 'whatsapp', reason: 'served', outcome: 'completed', agent: `agent ${minute}` });

describe('caller profiles of a database from before contact rows', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every contact of every profile, in order, and goes on from them', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'griot-callers-')), 'griot.db');
    dirs.push(join(path, '..'));
    const full: CallerProfile = { ...caller('+2290197000001'), contacts: Array.from({ length: CONTACTS_KEPT }, (_, i) => contact(i + 1)) };
    const single = caller('+2290197000002');
    const none: CallerProfile = { ...caller('preview:+2290197000003'), contacts: [], variables: { awkward: { 'a.b': [1, null, 'é'] } } };
    const old = new Database(path);
    migrate(
      old,
      migrations.filter((m) => m.version < 14),
    );
    // As the profile table held them: the whole profile, history included, as one JSON document.
    const insert = old.prepare('INSERT INTO callers (number, updated_at, data) VALUES (?, ?, ?)');
    for (const profile of [full, single, none]) insert.run(profile.number, profile.updatedAt, JSON.stringify(profile));
    old.close();

    const store = new SqliteStore(path);
    expect(await store.getCaller(full.number)).toEqual(full);
    expect(await store.getCaller(single.number)).toEqual(single);
    expect(await store.getCaller(none.number)).toEqual(none);
    expect(await store.recallCaller(full.number)).toMatchObject({ preferredLocale: 'fr', lastContact: contact(CONTACTS_KEPT) });
    // The next contact joins the migrated history, and the oldest one goes.
    await store.saveTurn({ session: session('voice:CA1', at(600)), turn: turn(1), caller: { key: full.number, changes: { contact: contact(99) }, at: at(99) } });
    expect((await store.getCaller(full.number))?.contacts).toEqual([...full.contacts.slice(1), contact(99)]);
    await store.close();
  });
});

describe('caller profiles filed under the hour of their last update', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('are purged by the exact time of their last update, whether written so or before', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'griot-callers-')), 'griot.db');
    dirs.push(join(path, '..'));
    // at(0) is 08:00 UTC.
    let store = new SqliteStore(path);
    await store.putCaller(caller('+2290197000001', at(5)));
    await store.putCaller(caller('+2290197000002', at(50)));
    await store.putCaller(caller('+2290197000003', at(-10)));
    // Filed under 08:00 too, but updated after the purge's date.
    await store.putCaller(caller('+2290197000006', at(45)));
    // A contact later in the same hour, and one in the next hour.
    await store.saveTurn({ session: session('voice:CA1', at(600)), turn: turn(20), caller: { key: '+2290197000001', changes: { contact: contact(20) }, at: at(20) } });
    await store.saveTurn({ session: session('voice:CA2', at(600)), turn: turn(65), caller: { key: '+2290197000002', changes: { contact: contact(65) }, at: at(65) } });
    expect(await store.getCaller('+2290197000001')).toMatchObject({ updatedAt: at(20), contacts: [caller('+1').contacts[0], contact(20)] });
    await store.close();
    // Rows as written before: the exact time in `updated_at`.
    const old = new Database(path);
    const insert = old.prepare('INSERT INTO callers (number, updated_at, data) VALUES (?, ?, ?)');
    for (const [number, minute] of [
      ['+2290197000004', 25],
      ['+2290197000005', 35],
    ] as const) {
      const { contacts: _contacts, ...head } = caller(number, at(minute));
      insert.run(number, at(minute), JSON.stringify(head));
    }
    old.close();

    store = new SqliteStore(path);
    expect(await store.purgeCallers(at(30))).toBe(3);
    expect(await store.getCaller('+2290197000001')).toBeNull();
    expect(await store.getCaller('+2290197000003')).toBeNull();
    expect(await store.getCaller('+2290197000004')).toBeNull();
    expect(await store.getCaller('+2290197000005')).not.toBeNull();
    expect(await store.getCaller('+2290197000006')).not.toBeNull();
    expect(await store.purgeCallers(at(65))).toBe(2);
    expect(await store.getCaller('+2290197000002')).toMatchObject({ updatedAt: at(65) });
    await store.close();
  });
});
