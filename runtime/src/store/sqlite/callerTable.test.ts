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

describe('caller histories of a database from before the contact ring', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const history = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => contact(from + i));

  it('keeps every history in order, recalls the last contact, and goes on from them', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'griot-callers-')), 'griot.db');
    dirs.push(join(path, '..'));
    // As migration 14 filed them: one row per contact numbered from 1, the oldest trimmed past CONTACTS_KEPT.
    const wrapped = { number: '+2290197000001', first: 3 * CONTACTS_KEPT + 5, last: 4 * CONTACTS_KEPT + 4 };
    const short = { number: '+2290197000002', first: 1, last: 3 };
    // A profile put with more than CONTACTS_KEPT (a restored backup), not called since.
    const longer = { number: '+2290197000003', first: 1, last: CONTACTS_KEPT + 5 };
    const none = { number: '+2290197000004', first: 1, last: 0 };
    const old = new Database(path);
    migrate(
      old,
      migrations.filter((m) => m.version < 16),
    );
    const head = old.prepare('INSERT INTO callers (number, updated_at, data, contact_seq) VALUES (?, ?, ?, ?)');
    const row = old.prepare('INSERT INTO caller_contacts (number, seq, data) VALUES (?, ?, ?)');
    for (const { number, first, last } of [wrapped, short, longer, none]) {
      const { contacts: _contacts, ...rest } = caller(number, at(last));
      head.run(number, at(last), JSON.stringify(rest), last);
      for (let seq = first; seq <= last; seq += 1) row.run(number, seq, JSON.stringify(contact(seq)));
    }
    // Rows of a profile no longer there (written without the foreign key): nobody could read them.
    old.pragma('foreign_keys = OFF');
    row.run('+2290197000009', 1, JSON.stringify(contact(1)));
    old.close();

    const store = new SqliteStore(path);
    const contactsOf = async (number: string) => (await store.getCaller(number))?.contacts;
    expect(await contactsOf(wrapped.number)).toEqual(history(wrapped.first, wrapped.last));
    expect(await contactsOf(short.number)).toEqual(history(1, 3));
    expect(await contactsOf(longer.number)).toEqual(history(1, CONTACTS_KEPT + 5));
    expect(await contactsOf(none.number)).toEqual([]);
    expect(await store.recallCaller(wrapped.number)).toMatchObject({ lastContact: contact(wrapped.last) });
    expect(await store.recallCaller(longer.number)).toMatchObject({ lastContact: contact(CONTACTS_KEPT + 5) });
    expect(await store.recallCaller(none.number)).not.toHaveProperty('lastContact');
    const backup = await store.dump();
    expect(backup.callers.map((p) => [p.number, p.contacts.length])).toEqual([
      [wrapped.number, CONTACTS_KEPT],
      [short.number, 3],
      [longer.number, CONTACTS_KEPT + 5],
      [none.number, 0],
    ]);

    const endContact = (number: string, seq: number) =>
      store.saveTurn({ session: session(`voice:CA${number}-${seq}`, at(600)), turn: turn(seq), caller: { key: number, changes: { contact: contact(seq) }, at: at(seq) } });
    // Each contact takes the place of the oldest once CONTACTS_KEPT are kept, round the ring and again.
    for (let seq = wrapped.last + 1; seq <= wrapped.last + CONTACTS_KEPT + 7; seq += 1) {
      await endContact(wrapped.number, seq);
      expect(await store.recallCaller(wrapped.number)).toMatchObject({ lastContact: contact(seq) });
    }
    expect(await contactsOf(wrapped.number)).toEqual(history(wrapped.last + 8, wrapped.last + CONTACTS_KEPT + 7));
    await endContact(short.number, 4);
    expect(await contactsOf(short.number)).toEqual(history(1, 4));
    // The longer history keeps the last CONTACTS_KEPT once a contact is added, as it did.
    await endContact(longer.number, CONTACTS_KEPT + 6);
    expect(await contactsOf(longer.number)).toEqual(history(7, CONTACTS_KEPT + 6));
    await endContact(none.number, 1);
    expect(await store.recallCaller(none.number)).toMatchObject({ lastContact: contact(1) });
    // The number whose rows were left out starts a history of its own.
    await endContact('+2290197000009', 2);
    expect(await contactsOf('+2290197000009')).toEqual([contact(2)]);

    // Erasure and the purge take the rows with the profile.
    expect(await store.deleteCaller(wrapped.number)).toBe(true);
    // Last updated at minutes 4, 1 and 2; the longer history at CONTACTS_KEPT + 6.
    expect(await store.purgeCallers(at(5))).toBe(3);
    await store.close();
    const after = new Database(path, { readonly: true });
    const kept = after.prepare<[], { number: string; n: number }>('SELECT number, count(*) AS n FROM caller_contacts GROUP BY number ORDER BY number').all();
    after.close();
    expect(kept).toEqual([{ number: longer.number, n: CONTACTS_KEPT }]);
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
