import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Flow, renameVariable } from '@griot/flows';
import { twoStepIvr } from './helpers/twoStepIvr.ts';
import { httpLink, SimulatedCall, startVoiceTestServer, statusPayload, type VoiceTestServer } from '@griot/connectors/voice/testing';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { createServices, type AppServices } from '../src/services.ts';
import { SqliteStore } from '../src/store/sqlite/SqliteStore.ts';
import { countByKind, StatementLog, statementKind } from '../src/store/sqlite/testing/StatementLog.ts';
import { pagesWrittenSince, walPosition } from '../src/store/sqlite/testing/walPages.ts';
import { CONTACTS_KEPT } from '../src/store/callerChanges.ts';
import { publishFlow } from '../src/conversations/testSupport.ts';

/**
 * What a voice call costs the embedded store (issue 17, "the store per turn"): the SQL statements
 * of a 2-step IVR call, counted on the store's connection (better-sqlite3's `verbose` hook). The
 * statements are most of the store's CPU time per call, and the store was the largest part of a
 * saturated server's main thread: these bounds keep a turn from drifting back to reading what it
 * just wrote. jambonz's webhooks reach the voice routes on loopback, over the engine as the server
 * wires it (`createServices`: analytics facts, agent queues) but without the server's timers,
 * which would add statements of their own to the count.
 */
const log = vi.hoisted(() => ({ current: undefined as undefined | { verbose: (sql: unknown) => void } }));
vi.mock('better-sqlite3', async (importOriginal) => {
  const { default: Database } = await importOriginal<{ default: typeof import('better-sqlite3') }>();
  class CountedDatabase extends Database {
    constructor(filename?: string | Buffer, options: import('better-sqlite3').Options = {}) {
      super(filename, { ...options, verbose: (sql: unknown) => log.current?.verbose(sql) });
    }
  }
  return { default: CountedDatabase };
});

const ivr = twoStepIvr;

const CALLER = '+2290197000001';
const SECRET = 'store-statements-webhook-secret';
let root: string;
let store: SqliteStore;
let services: AppServices;
let statements: StatementLog;
let voice: VoiceTestServer;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'griot-store-statements-'));
  statements = new StatementLog();
  log.current = statements;
  // The turns' analytics facts are written in batches, apart from the call (issue 14): not within this test's calls.
  store = new SqliteStore(join(root, 'griot.db'), { factsWindowMs: 60_000 });
  const config = loadConfig({ DATA_DIR: root, LOG_LEVEL: 'silent', NODE_ENV: 'test' });
  services = createServices({ config, store, logger: createLogger(config) });
  await publishFlow(store, ivr);
  const at = new Date().toISOString();
  await store.putBinding({ id: 'line-1919', channel: 'voice', address: '1919', flowId: ivr.id, environment: 'production', testers: [], settings: {}, createdAt: at, updatedAt: at });
  voice = await startVoiceTestServer({ conversations: services.conversations, bindings: store, webhookSecret: SECRET });
});
afterEach(async () => {
  log.current = undefined;
  await voice.close();
  await store.close();
  await rm(root, { recursive: true, force: true });
});

/** The pages the store's commits wrote to its WAL during `work` (each a page-sized write, and later a checkpoint's copy). */
async function pagesDuring(work: () => Promise<unknown>): Promise<number> {
  const path = join(root, 'griot.db');
  const from = walPosition(path);
  await work();
  return pagesWrittenSince(path, from).length;
}

/** One whole call, hook by hook: the statements of the call hook, the menu's action hook and the final status, and the pages they wrote. */
async function call(callSid: string, keys: string) {
  const simulated = new SimulatedCall(httpLink(voice.url, { secret: SECRET }), { callSid, from: CALLER, to: '1919' });
  let callHook: string[] = [];
  let actionHook: string[] = [];
  const pages = await pagesDuring(async () => {
    callHook = await statements.during(() => simulated.start());
    expect(simulated.heard.join(' ')).toContain('press 1 for balance');
    actionHook = await statements.during(() => simulated.press(keys));
  });
  expect(simulated.waitingOn?.verb).toBe('hangup');
  const status = await statements.during(() => simulated.hangup());
  await services.conversations.idle();
  return { callHook, actionHook, status, all: [...callHook, ...actionHook, ...status], heard: simulated.heard, pages };
}

describe('the store statements of a 2-step IVR call', () => {
  it('stay within bounds hook by hook, with nothing read back that a turn of the call wrote', async () => {
    // The first call warms what is kept between calls (the binding, the parsed flow); a returning caller's call is the steady state.
    await call('CA-warm-up', '2');
    // A caller who called before as often as the history keeps (the peer bench calls from one
    // number): each contact's end now replaces the oldest one kept.
    const warm = (await store.getCaller(CALLER))!;
    const past = Array.from({ length: CONTACTS_KEPT }, (_, i) => ({ ...warm.contacts[0]!, at: new Date(Date.parse(warm.contacts[0]!.at) - (CONTACTS_KEPT - i) * 60_000).toISOString() }));
    await store.putCaller({ ...warm, contacts: past });
    await call('CA-full', '2');
    // The earlier calls' facts are written now, not during the call counted.
    await store.flushFacts();
    const second = await call('CA-counted', '1');
    expect(second.heard.join(' ')).toContain('your balance is 1500 FCFA');

    // The caller pressed a key: the turn starts from the session the call hook saved, not from reading it back.
    const sessionReads = (sqls: string[]) => sqls.filter((sql) => /^\s*SELECT\b[^;]*\bFROM sessions\b/i.test(sql));
    expect(sessionReads(second.actionHook)).toEqual([]);
    // The hang-up after the goodbye: at most one look at the session (still the ended contact this instance saved?), no write.
    expect(sessionReads(second.status).length).toBeLessThanOrEqual(1);
    // …which asks for its revision alone: the session's text is what this instance kept.
    const selected = (sql: string) => /^\s*SELECT\s+(.*?)\s+FROM\s+sessions\b/is.exec(sql)?.[1] ?? '';
    expect(sessionReads(second.status).filter((sql) => /\bdata\b/i.test(selected(sql)))).toEqual([]);
    expect(countByKind(second.status)).toMatchObject({ write: 0, transaction: 0 });
    // The flow version's hash is read when the call starts, not again on its later hooks.
    expect(second.actionHook.filter((sql) => /\bFROM versions\b/i.test(sql))).toEqual([]);

    // A new call's entry (binding, flow, pointers, hashes) and its caller's profile: one statement, one WAL read lock.
    const reads = second.callHook.filter((sql) => statementKind(sql) === 'read');
    expect(reads.filter((sql) => /\bcallers\b/.test(sql))).toHaveLength(1);
    expect(reads.filter((sql) => /\bcallers\b/.test(sql) && /\bbindings\b/.test(sql))).toHaveLength(1);

    const counts = countByKind(second.all);
    // Before issue 17's pass on the store: 21 reads and writes (11 + 10) and 12 transaction
    // statements (three group commits); after it 16 and 8 (bench/README.md); 14 once a transcript
    // starts with its first turn in one row and a turn carries the contact's end; 12 of them
    // since; 10 once the turns' analytics facts are written in batches apart from the call (issue
    // 14, 2026-12-05: no fact row in either turn's commit); 9 once the call hook reads its entry
    // and its caller's profile in one statement (perf17e). Connection settings (PRAGMA) are not counted.
    expect(counts.read + counts.write).toBeLessThanOrEqual(9);
    // Two group commits, each a BEGIN and a COMMIT: a turn's write alone in its commit needs no
    // savepoint of its own (it was SAVEPOINT + RELEASE around each, 8 in all).
    expect(counts.transaction).toBeLessThanOrEqual(4);
    // The pages the call's two commits wrote to the WAL (each a 4 KiB write, and later a checkpoint's
    // copy): 19 at 5a05983 (the transcript's header and first turn as two rows, each turn with an
    // index entry, the end rewriting the header, the caller's `updated_at` index entry moved on
    // every contact); 14 since (bench/README.md, "The commit's pages") for a caller with one
    // contact before, 15 for one with a full history (the new contact's row and the oldest's
    // trim on two pages); 14 with the history a ring (the oldest's row rewritten in place); 12
    // with the facts written in batches apart (each turn's fact row wrote a page of its own).
    expect(second.pages).toBeLessThanOrEqual(12);
    // What the call left is all there: its transcript, with both turns and its end, and the caller's contact.
    const transcript = await store.getTranscript('voice:CA-counted');
    expect(transcript?.turns).toHaveLength(2);
    expect(transcript?.endReason).toBe('balance');
    const profile = await store.getCaller(CALLER);
    expect(profile?.contacts).toHaveLength(CONTACTS_KEPT);
    expect(profile?.contacts.slice(-2).map((c) => c.reason)).toEqual(['goodbye', 'balance']);
  });

  it("write a returning caller's new contact, not the history the caller already has", async () => {
    const history = Array.from({ length: CONTACTS_KEPT }, (_, i) => ({
      at: new Date(Date.UTC(2026, 10, 1, 9, i)).toISOString(),
      channel: 'whatsapp' as const,
      reason: 'balance',
      outcome: 'completed',
      agent: `agent ${i}`,
    }));
    const known = { number: CALLER, preferredLocale: 'en', lastChannel: 'voice' as const, contacts: history, variables: {}, createdAt: history[0]!.at, updatedAt: history.at(-1)!.at };
    await store.putCaller(known);
    const { all } = await call('CA-full-history', '1');
    // What the call's writes to the caller's tables carry: their values (SQLite's expanded text
    // quotes each one, and counts back what it leaves out of a long one: `/*+N bytes*/`).
    const carried = (sql: string) => [...sql.matchAll(/'(?:[^']|'')*'|\/\*\+(\d+) bytes\*\//g)].reduce((n, m) => n + (m[1] ? Number(m[1]) : m[0].length), 0);
    const callerBytes = all.filter((sql) => /\b(callers|caller_contacts)\b/.test(sql) && statementKind(sql) === 'write').reduce((n, sql) => n + carried(sql), 0);
    // Twenty summaries are ≈ 3 KB; one summary, the channel and the time well under 1 KB.
    expect(callerBytes).toBeLessThan(1024);
    const profile = await store.getCaller(CALLER);
    expect(profile?.contacts).toHaveLength(CONTACTS_KEPT);
    expect(profile?.contacts.slice(0, -1)).toEqual(history.slice(1));
    expect(profile?.contacts.at(-1)).toMatchObject({ channel: 'voice', reason: 'balance' });
  });

  it('cost nothing more for a flow with a renamed remembered variable, but the one call that moves its caller’s profile', async () => {
    // A caller the version before remembered as « vip » under « segment », now « segmentClient » (former name « segment »).
    const remembering = Flow.parse({ ...ivr, variables: [{ name: 'segment', type: 'string', sensitive: false, persist: true }] });
    const renamed = renameVariable(remembering, 'segment', 'segmentClient');
    if (!renamed.ok) throw new Error(renamed.message);
    await publishFlow(store, renamed.flow);
    await call('CA-warm-up', '2');
    const at = new Date().toISOString();
    const profile = { number: CALLER, preferredLocale: 'en', lastChannel: 'voice' as const, contacts: [], createdAt: at, updatedAt: at };
    await store.putCaller({ ...profile, variables: { segmentClient: 'gold' } });
    await store.flushFacts();
    const steady = await call('CA-steady', '1');
    await store.putCaller({ ...profile, variables: { segment: 'vip' } });
    await store.flushFacts();
    const moving = await call('CA-moving', '1');
    await store.flushFacts();
    const after = await call('CA-after', '1');
    expect((await store.getCaller(CALLER))?.variables).toEqual({ segmentClient: 'vip' });
    const [s, m, a] = [countByKind(steady.callHook), countByKind(moving.callHook), countByKind(after.callHook)];
    // A contact whose profile holds no former name (never moved, or moved already): what any flow's costs.
    expect(a).toEqual(s);
    // The one that moves it: the profile's write in the first turn's commit (no commit of its own),
    // and what the flows in service remember, read once (kept 30 s).
    expect(m.transaction).toBe(s.transaction);
    expect(m.write - s.write).toBeLessThanOrEqual(1);
    expect(m.read - s.read).toBeLessThanOrEqual(4);
  });
});

describe('the final status of a call whose goodbye this instance saved', () => {
  /** The store's answer about the session's revision waits for `open()`: the status hook must not. */
  function holdRevisionReads() {
    const read = store.getSessionRevision.bind(store);
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    const asked = vi.spyOn(store, 'getSessionRevision').mockImplementation(async (key, now) => {
      await opened;
      return read(key, now);
    });
    return { asked, open };
  }

  it('is acknowledged without waiting for the store, which is asked after the answer', async () => {
    const link = httpLink(voice.url, { secret: SECRET });
    const identity = { callSid: 'CA-ack', from: CALLER, to: '1919' };
    const simulated = new SimulatedCall(link, identity);
    await simulated.start();
    await simulated.press('1');
    expect(simulated.waitingOn?.verb).toBe('hangup');
    // The goodbye is saved and nothing of the call runs: its final status has nothing to record first.
    expect(services.conversations.endsQuietly('voice:CA-ack')).toBe(true);
    expect(services.conversations.endsQuietly('voice:CA-never-called')).toBe(false);
    const { asked, open } = holdRevisionReads();
    // On a store that does not answer (a slow disk, a busy MongoDB), jambonz still gets its
    // acknowledgement: an empty answer, not the apology the hook's deadline would send.
    const answer = await link.hook('verb:hook', '/jambonz/status', statusPayload(identity, simulated.customerData, 'completed'));
    expect(answer).toEqual([]);
    // The check is still made: another instance may have moved the session on.
    await vi.waitFor(() => expect(asked).toHaveBeenCalledWith('voice:CA-ack', expect.any(String)), { timeout: 10_000 });
    open();
    await services.conversations.idle();
    expect((await store.getTranscript('voice:CA-ack'))?.endReason).toBe('balance');
  }, 20_000);

  it('is answered only once a hang-up in mid-call has closed the contact, and a status that does not read is still refused', async () => {
    const link = httpLink(voice.url, { secret: SECRET });
    const identity = { callSid: 'CA-midcall', from: CALLER, to: '1919' };
    const simulated = new SimulatedCall(link, identity);
    await simulated.start();
    expect(simulated.waitingOn?.verb).not.toBe('hangup');
    expect(services.conversations.endsQuietly('voice:CA-midcall')).toBe(false);
    await simulated.hangup();
    // No wait for the engine: the close was written before the answer came back.
    expect((await store.getTranscript('voice:CA-midcall'))?.endReason).toBe('hangup');
    const badStatus = { ...statusPayload({ callSid: 'CA-midcall-2', from: CALLER, to: '1919' }, {}, 'completed'), call_status: 'gone-fishing' };
    await expect(link.hook('verb:hook', '/jambonz/status', badStatus)).rejects.toMatchObject({ status: 400 });
  }, 20_000);

  it('still closes, after the acknowledgement, a contact another instance moved on since the goodbye', async () => {
    const simulated = new SimulatedCall(httpLink(voice.url, { secret: SECRET }), { callSid: 'CA-moved', from: CALLER, to: '1919' });
    await simulated.start();
    await simulated.press('1');
    const key = 'voice:CA-moved';
    const ended = (await store.getSession(key, new Date().toISOString()))!;
    expect(ended.session.status).toBe('ended');
    // Another instance wrote the session after this one saved the goodbye (its revision moves on).
    await store.putSession({ ...ended, session: { ...ended.session, status: 'active' } });
    const { open } = holdRevisionReads();
    await simulated.hangup();
    open();
    await services.conversations.idle();
    const now = new Date().toISOString();
    const after = await store.getSession(key, now);
    expect(after === null || after.session.status === 'ended').toBe(true);
  }, 20_000);
});
