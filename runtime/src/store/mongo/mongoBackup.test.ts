import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeBackupFile } from '../../cli/backupFile.ts';
import { endOfDump } from '../dumpedAudio.ts';
import { DUMP_PAGE_ROWS } from '../dumpedPages.ts';
import { fillStore } from '../contract/fillStore.ts';
import { contentOf } from '../contract/backupContract.ts';
import { audioBytes, storedAudio } from '../contract/audioContract.ts';
import { at, auditEntry, createFlow, session } from '../contract/fixtures.ts';
import { Flow } from '@griot/flows';
import { testFlow } from '../testFlow.ts';
import type { AuditEntry, HandoffContact, Store, StoreDump } from '../types.ts';
import { pagedRows, rowPagesOf, type RowPages } from '../dumpedPages.ts';
import { storedAuditEntry } from './auditDocuments.ts';
import { memoryMongoStore } from './testing/memoryMongoStore.ts';

const waitingContact = (id: string): HandoffContact => ({
  id,
  queue: 'support',
  priority: 5,
  enqueuedAt: at(1),
  channel: 'whatsapp',
  sessionKey: `whatsapp:${id}`,
  callerNumber: '+2290197000001',
  locale: 'fr',
  reason: 'PUK',
  context: {},
  history: [],
  status: 'waiting',
  preview: false,
  updatedAt: at(1),
});

async function addContact(store: Store, id: string, messages: number): Promise<void> {
  await store.putHandoffContact(waitingContact(id));
  for (let i = 0; i < messages; i++)
    await store.appendHandoffMessage({ id: `m-${id}-${i}`, contactId: id, at: at(2 + i), from: 'subscriber', text: `allô ${i}, votre code PUK est ${20_000_000 + i}` });
}

const backupFile = () => join(tmpdir(), `griot-mongo-paged-${process.pid}-${Date.now()}.json`);

/** Backups on MongoDB (issue 18, point 10), on the in-memory driver. */
describe('a MongoDB backup', () => {
  it('reads at one cluster time on a replica set: every query in one snapshot session, one query per collection', async () => {
    const { store, memory } = await memoryMongoStore({ transactions: true });
    await fillStore(store);
    for (const id of ['c2', 'c3', 'c4']) {
      await store.putHandoffContact({
        id,
        queue: 'support',
        priority: 5,
        enqueuedAt: at(1),
        channel: 'whatsapp',
        sessionKey: `whatsapp:${id}`,
        callerNumber: '+2290197000001',
        locale: 'fr',
        reason: 'PUK',
        context: {},
        history: [],
        status: 'waiting',
        preview: false,
        updatedAt: at(1),
      });
      await store.appendHandoffMessage({ id: `m-${id}`, contactId: id, at: at(2), from: 'subscriber', text: 'allô' });
    }
    const before = memory.calls.length;
    const dump = await store.dump();
    const reads = memory.calls.slice(before);
    expect(reads.length).toBeGreaterThan(10);
    expect(reads.filter((c) => !c.session)).toEqual([]);
    // Messages of every contact in one query, not one per contact.
    expect(reads.filter((c) => c.collection === 'handoffMessages')).toHaveLength(1);
    expect(reads.every((c) => c.method === 'find')).toBe(true);
    expect(new Set(reads.map((c) => c.collection)).size).toBe(reads.length);
    expect(dump.handoff?.messages.map((m) => m.id)).toEqual(expect.arrayContaining(['m-c2', 'm-c3', 'm-c4']));
  });

  it('keeps messages grouped by contact, in the order contacts are listed, as SQLite does', async () => {
    const { store } = await memoryMongoStore();
    await fillStore(store);
    const dump = await store.dump();
    const contactOrder = dump.handoff!.contacts.map((c) => c.id);
    const messageContacts = dump.handoff!.messages.map((m) => m.contactId);
    expect([...new Set(messageContacts)]).toEqual(contactOrder.filter((id) => messageContacts.includes(id)));
  });
});

describe("the backup writer's dump on MongoDB (ops18)", () => {
  it('holds no list and no prompt whole: reads them a page at a time, prompts a few chunks at a time, all in its snapshot session, and the file is byte for byte the whole dump', {
    timeout: 30_000,
  }, async () => {
    const { store, memory } = await memoryMongoStore({ transactions: true });
    await fillStore(store);
    for (let i = 0; i < DUMP_PAGE_ROWS + 500; i++) await store.appendAudit(auditEntry(`bulk-${String(i).padStart(5, '0')}`, 100 + i));
    // More contacts than one query of messages reads, one without messages in the middle.
    for (let i = 0; i < 450; i++) await addContact(store, `k${String(i).padStart(3, '0')}`, i === 200 ? 0 : 2);
    // Several GridFS chunks (255 kB), a length that is no multiple of 3: its base64 is cut across chunks.
    const big = audioBytes(700_001, 3);
    await store.audio.putAudio(storedAudio('hello', 'fon/long.wav', big), big);
    const small = audioBytes(2_000, 4);
    await store.audio.putAudio(storedAudio('hello', 'fon/short.wav', small), small);

    const whole = await store.dump();
    // Codes in agents' messages masked as they are read, in both.
    expect(JSON.stringify(whole.handoff)).not.toContain('20000001');
    const before = memory.calls.length;
    const paged = await store.dump(undefined, { paged: true });
    // Nothing of the big lists was read yet, and the dump holds none of their rows.
    expect(memory.calls.slice(before).filter((c) => ['audit', 'transcripts', 'callers', 'handoffMessages', 'analyticsFacts', 'audio.chunks', 'sessions', 'versions'].includes(c.collection))).toEqual(
      [],
    );
    expect(paged.audit).toEqual([]);
    expect(paged.sessions).toEqual([]);
    expect(paged.versions).toEqual([]);
    expect(paged.handoff?.messages).toEqual([]);
    expect(paged.handoff?.contacts).toEqual([]);
    expect(() => paged.audio?.[0]?.base64).toThrow('read by the writer only');
    const session = memory.sessions.at(-1)!;
    expect(session.snapshot).toBe(true);
    expect(session.ended).toBe(false);

    const file = backupFile();
    try {
      await writeBackupFile(file, paged);
      await endOfDump(paged);
      expect(await readFile(file, 'utf8')).toBe(JSON.stringify({ ...whole, createdAt: paged.createdAt }));
    } finally {
      await rm(file, { force: true });
    }
    const reads = memory.calls.slice(before);
    expect(reads.filter((c) => !c.session)).toEqual([]);
    // One cursor for the audit log; the messages of 200 contacts a query; the prompts' chunks in the session.
    expect(reads.filter((c) => c.collection === 'audit')).toHaveLength(1);
    expect(reads.filter((c) => c.collection === 'handoffMessages')).toHaveLength(3);
    // The contacts' order and sessions (a few fields each), then their records by id, a page of ids a query.
    expect(reads.filter((c) => c.collection === 'handoffContacts')).toHaveLength(2);
    expect(reads.filter((c) => c.collection === 'audio.chunks')).toHaveLength(2);
    expect(session.ended).toBe(true);
  });

  it('reads sessions and versions a page at a time too, masking each page with what it looks up in its snapshot session (ops19)', { timeout: 30_000 }, async () => {
    const { store, memory } = await memoryMongoStore({ transactions: true });
    const PUK = '80417263';
    await createFlow(store, 'hello');
    const document = Flow.parse({ ...testFlow('hello', 'With a PUK'), variables: [{ name: 'puk', type: 'digits', sensitive: true }] });
    for (let n = 1; n <= 120; n++) await store.putVersion({ flowId: 'hello', number: n, hash: `h${n}`, document, author: 'bob', message: `v${n}`, createdAt: at(n) });
    // More than a page of live sessions: their PUK kept apart, or in `vars` (saved before that).
    for (let i = 0; i < DUMP_PAGE_ROWS + 100; i++) {
      const record = session(`whatsapp:k${String(i).padStart(5, '0')}`, at(3_000));
      const puk = String(30_000_000 + i);
      await store.putSession({
        ...record,
        session: { ...record.session, flowVersion: (i % 120) + 1, vars: { ...record.session.vars, ...(i % 2 ? { puk } : {}) } },
        ...(i % 2 ? {} : { sensitive: { clear: { puk } } }),
      });
    }
    // Contacts still open, an agent quoting their caller's PUK: masked with their session's values.
    for (let c = 0; c < 30; c++) {
      await store.putHandoffContact({ ...waitingContact(`k${String(c * 70).padStart(5, '0')}`) });
      await store.appendHandoffMessage({ id: `m${c}`, contactId: `k${String(c * 70).padStart(5, '0')}`, at: at(5), from: 'agent', text: `Votre code est le ${30_000_000 + c * 70}, PUK ${PUK}` });
    }
    const whole = await store.dump();
    const before = memory.calls.length;
    const paged = await store.dump(undefined, { paged: true });
    expect(memory.calls.slice(before).filter((c) => ['sessions', 'versions'].includes(c.collection))).toEqual([]);
    expect(paged.sessions).toEqual([]);
    expect(paged.versions).toEqual([]);
    const file = backupFile();
    try {
      await writeBackupFile(file, paged);
      await endOfDump(paged);
      const written = await readFile(file, 'utf8');
      expect(written).toBe(JSON.stringify({ ...whole, createdAt: paged.createdAt }));
      expect(written).not.toContain('30000070');
      expect(written).not.toContain('30000071');
      expect(written).toContain('Votre code est le •••');
    } finally {
      await rm(file, { force: true });
    }
    const reads = memory.calls.slice(before);
    expect(reads.filter((c) => !c.session)).toEqual([]);
  });

  it('on a standalone server, a prompt replaced and removed before the writer reads it fails the backup, naming it, rather than write bytes its entry does not describe', async () => {
    const { store } = await memoryMongoStore();
    const first = audioBytes(300_000, 1);
    await store.audio.putAudio(storedAudio('hello', 'fon/menu.wav', first), first);
    const paged = await store.dump(undefined, { paged: true });
    const second = audioBytes(300_000, 2);
    await store.audio.putAudio(storedAudio('hello', 'fon/menu.wav', second, at(2)), second);
    const file = backupFile();
    try {
      await expect(writeBackupFile(file, paged)).rejects.toThrow('the recorded prompt hello/fon/menu.wav changed while the backup read it');
    } finally {
      await endOfDump(paged);
      await rm(file, { force: true });
    }
  });
});

describe("the backup writer's dump on a standalone MongoDB server, while instances write (fix18d)", () => {
  it('lists each handoff contact once, in the order read when the backup began, even when a transfer changes priorities between pages; the file restores', {
    timeout: 30_000,
  }, async () => {
    const { store, memory } = await memoryMongoStore();
    await fillStore(store);
    // More waiting contacts than a page (put at once: the test's data, not what it checks).
    const ids = Array.from({ length: DUMP_PAGE_ROWS + 50 }, (_, i) => `k${String(i).padStart(5, '0')}`);
    memory.seed(
      'handoffContacts',
      ids.map((id) => ({ ...waitingContact(id) })),
    );
    const order = (await store.listHandoffContacts({})).map((c) => c.id);
    const paged = await store.dump(undefined, { paged: true });
    // The writer: once it has written the first page of contacts, agents transfer two of them (one
    // already written moves to the back of the queue, one not written yet to its front) and a new one comes in.
    const contactPages = rowPagesOf(paged.handoff!.contacts) as RowPages<HandoffContact>;
    let pagesWritten = 0;
    const contacts = pagedRows(async () => {
      const page = await contactPages();
      if (++pagesWritten === 1) {
        expect(page).toHaveLength(DUMP_PAGE_ROWS);
        expect(await store.updateHandoffContact('k00000', ['waiting'], { priority: 9 })).toMatchObject({ priority: 9 });
        expect(await store.updateHandoffContact(ids.at(-10)!, ['waiting'], { priority: 1 })).toMatchObject({ priority: 1 });
        await addContact(store, 'late', 1);
      }
      return page;
    });
    const file = backupFile();
    let written: StoreDump;
    try {
      await writeBackupFile(file, { ...paged, handoff: { ...paged.handoff!, contacts } });
      written = JSON.parse(await readFile(file, 'utf8')) as StoreDump;
    } finally {
      await endOfDump(paged);
      await rm(file, { force: true });
    }
    expect(pagesWritten).toBeGreaterThan(1);
    const listed = written.handoff!.contacts.map((c) => c.id);
    // Each once, in the order of the backup's start, each as it was when its page was read.
    expect(listed).toEqual(order);
    expect(written.handoff!.contacts.find((c) => c.id === 'k00000')?.priority).toBe(5);
    expect(written.handoff!.contacts.find((c) => c.id === ids.at(-10))?.priority).toBe(1);
    const { store: restored } = await memoryMongoStore();
    await restored.restore(written);
    expect((await restored.listHandoffContacts({})).map((c) => c.id).sort()).toEqual([...order].sort());
  });

  it('closes every cursor it opened when the writer fails half-way through a list, before it ends its session', async () => {
    const { store, memory } = await memoryMongoStore({ transactions: true });
    await fillStore(store);
    memory.seed(
      'audit',
      Array.from({ length: DUMP_PAGE_ROWS + 10 }, (_, i) => storedAuditEntry(auditEntry(`bulk-${String(i).padStart(5, '0')}`, 100 + i))),
    );
    const paged = await store.dump(undefined, { paged: true });
    const auditPages = rowPagesOf(paged.audit) as RowPages<AuditEntry>;
    let pagesRead = 0;
    // The disk fills up after the first page of the audit log.
    const audit = pagedRows(async () => {
      if (++pagesRead === 2) throw new Error('ENOSPC: no space left on device');
      return auditPages();
    });
    const file = backupFile();
    try {
      await expect(writeBackupFile(file, { ...paged, audit })).rejects.toThrow('ENOSPC');
      // The audit log's cursor was left half read.
      expect(memory.openCursors.size).toBe(1);
    } finally {
      await endOfDump(paged);
      await rm(file, { force: true });
    }
    const session = memory.sessions.at(-1)!;
    const deadline = Date.now() + 2_000;
    while (!session.ended && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
    expect(session.ended).toBe(true);
    expect(session.cursorsOpenAtEnd).toBe(0);
    expect(memory.openCursors.size).toBe(0);
  });
});

describe('a MongoDB restore', () => {
  it('undoes what it inserted when it fails half-way, so running it again works', async () => {
    const { store: source } = await memoryMongoStore();
    await fillStore(source);
    const dump = await source.dump();
    const { store, memory } = await memoryMongoStore();
    memory.failNext('transcripts', 'insertMany');
    await expect(store.restore(dump)).rejects.toThrow('injected failure');
    // Empty again: no flow, user, binding or version left behind, no restore mark.
    expect(await store.listFlows()).toEqual([]);
    expect(await store.countUsers()).toBe(0);
    expect(await store.listBindings()).toEqual([]);
    expect(memory.documents('versions')).toEqual([]);
    expect(memory.documents('maintenance').filter((d) => d._id === 'restore')).toEqual([]);
    await store.restore(dump);
    expect(contentOf(await store.dump())).toEqual(contentOf(dump));
  });

  it('reports why it failed, not why its undo failed too (the undo’s error goes as its cause), and the next restore still works', async () => {
    const { store: source } = await memoryMongoStore();
    await fillStore(source);
    const dump = await source.dump();
    const { store, memory } = await memoryMongoStore();
    memory.failNext('transcripts', 'insertMany', { error: new Error('disk full while restoring transcripts') });
    memory.failNext('flows', 'deleteMany', { error: new Error('connection lost during the undo') });
    const failure = await store.restore(dump).then(
      () => null,
      (error: unknown) => error as Error,
    );
    expect(failure?.message).toBe('disk full while restoring transcripts');
    expect((failure?.cause as Error | undefined)?.message).toBe('connection lost during the undo');
    // The mark stayed: what the next start reports, and what the next restore empties first.
    expect(await store.interruptedRestore()).not.toBeNull();
    await store.restore(dump);
    expect(contentOf(await store.dump())).toEqual(contentOf(dump));
  });

  it('empties what a restore that died half-way left, and restores', async () => {
    const { store: source } = await memoryMongoStore();
    await fillStore(source);
    const dump = await source.dump();
    const { store, memory } = await memoryMongoStore();
    // The process died after flows and drafts went in: the mark is still there.
    await memory.db.collection<{ _id: string; startedAt: string }>('maintenance').replaceOne({ _id: 'restore' }, { startedAt: at(0) }, { upsert: true });
    await memory.db.collection('flows').insertOne({ ...dump.flows[0]! });
    await memory.db.collection('users').insertOne({ ...dump.users[0]! });
    // What the server's start asks (and refuses to serve).
    expect(await store.interruptedRestore()).toBe(at(0));
    await store.restore(dump);
    expect(contentOf(await store.dump())).toEqual(contentOf(dump));
    expect(await store.interruptedRestore()).toBeNull();
  });

  it('two restores begun at once into one empty database: one restores, the other is refused and empties nothing', async () => {
    const { store: source } = await memoryMongoStore();
    await fillStore(source);
    const dump = await source.dump();
    const { store } = await memoryMongoStore();
    const [a, b] = await Promise.allSettled([store.restore(dump), store.restore(dump)]);
    const refused = [a, b].filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason as Error);
    expect(refused.map((e) => e.message)).toEqual([expect.stringMatching(/another restore into this database, begun at .*, is running/)]);
    expect(contentOf(await store.dump())).toEqual(contentOf(dump));
    expect(await store.interruptedRestore()).toBeNull();
  });

  it('a mark refreshed within the minute is a restore running: refused; one a minute old is taken over', async () => {
    const { store: source } = await memoryMongoStore();
    await fillStore(source);
    const dump = await source.dump();
    const { store, memory } = await memoryMongoStore();
    const now = Date.now();
    const mark = (aliveAt: number) =>
      memory.db
        .collection<{ _id: string; startedAt: string; aliveAt: string; owner: string }>('maintenance')
        .replaceOne({ _id: 'restore' }, { startedAt: at(0), aliveAt: new Date(aliveAt).toISOString(), owner: 'another' }, { upsert: true });
    await mark(now - 5_000);
    await memory.db.collection('flows').insertOne({ ...dump.flows[0]! });
    await expect(store.restore(dump)).rejects.toThrow(/another restore into this database, begun at .*, is running/);
    expect(memory.documents('flows')).toHaveLength(1);
    await mark(now - 61_000);
    await store.restore(dump);
    expect(contentOf(await store.dump())).toEqual(contentOf(dump));
    expect(await store.interruptedRestore()).toBeNull();
  });

  it('still refuses a store that holds data of its own', async () => {
    const { store: source } = await memoryMongoStore();
    await fillStore(source);
    const dump = await source.dump();
    await expect(source.restore(dump)).rejects.toMatchObject({ code: 'store_not_empty' });
    expect(contentOf(await source.dump())).toEqual(contentOf(dump));
  });
});
