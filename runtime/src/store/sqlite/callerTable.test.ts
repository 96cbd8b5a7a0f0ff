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
