import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeBackupFile } from '../src/cli/backupFile.ts';
import type { StoreDump } from '../src/store/types.ts';
import { makeDataDir, startTestServer } from './helpers/testServer.ts';
import { testFlow } from './fixtures/testFlow.ts';
import { handoffContact } from '../src/store/contract/handoffContract.ts';
import { factBatch } from '../src/store/contract/analyticsContract.ts';
import { endOfDump } from '../src/store/dumpedAudio.ts';
import { session } from '../src/store/contract/fixtures.ts';
import { Flow } from '@griot/flows';

const peakRssMB = () => process.resourceUsage().maxRSS / 1024;

/**
 * Security review (secrev12): "back up now" serialised the whole store as one JSON string on the
 * main thread. The file is now written record by record: the same bytes, without the whole
 * store as one string in memory.
 */
describe('a backup is written record by record', () => {
  it('writes exactly what JSON.stringify would, for a real store’s dump', async () => {
    const server = await startTestServer({ env: { GRIOT_DEMO: '1' } });
    try {
      expect((await server.admin.post('/api/flows', { document: testFlow({ id: 'quoted', name: 'dit « "bonjour" », {x}' }) })).status).toBe(201);
      const dump = await server.store.dump();
      const odd = { ...dump, extra: undefined, handoff: { contacts: [], messages: [{ a: 1, b: undefined }], callbacks: [], queueSettings: [] } } as unknown as StoreDump;
      for (const value of [dump, odd]) {
        const file = join(server.dataDir, 'backup.json');
        await writeBackupFile(file, value);
        expect(await readFile(file, 'utf8')).toBe(JSON.stringify(value));
      }
    } finally {
      await server.stop();
    }
  });

  it('writes the same bytes when the big tables are read a page at a time from the store’s snapshot', { timeout: 20_000 }, async () => {
    const server = await startTestServer();
    try {
      const at = (i: number) => new Date(Date.UTC(2026, 11, 5) + (i % 50) * 1000).toISOString();
      const writes: Promise<void>[] = [];
      for (let i = 0; i < 4_100; i++) writes.push(server.store.appendAudit({ id: `a${i}`, at: at(i), actor: 'admin', action: 'flow.save', target: `flow:f${i}`, details: { note: `« "${i}" »` } }));
      for (let i = 0; i < 30; i++) {
        const number = `+2299700${String(i).padStart(4, '0')}`;
        writes.push(server.store.startTranscript({ sessionKey: `s${i}`, flowId: 'accueil', flowVersion: 1, channel: 'voice', callerNumber: number, preview: false, startedAt: at(i), turns: [] }));
        writes.push(server.store.putCaller({ number, contacts: [{ at: at(i), channel: 'ussd', reason: 'solde', outcome: 'contained' }], variables: { i }, createdAt: at(i), updatedAt: at(i) }));
      }
      // Agents' messages of open contacts (two pages), codes in them masked as the backup reads them.
      for (let c = 0; c < 30; c++) await server.store.putHandoffContact(handoffContact(`h${c}`, 1, at(c), { status: 'assigned', agent: 'awa' }));
      for (let i = 0; i < 2_100; i++) {
        writes.push(server.store.appendHandoffMessage({ id: `m${i}`, contactId: `h${i % 30}`, at: at(i), from: 'agent', text: `Votre code PUK est ${String(10_000_000 + i)}` }));
      }
      await Promise.all(writes);
      await server.store.appendTurn('s3', { at: at(3), input: '1', prompts: [], nodes: ['n'], effects: [], durationMs: 1 });
      const whole = await server.store.dump();
      const paged = await server.store.dump(undefined, { paged: true });
      expect(paged.audit).toHaveLength(0); // read as it is written
      expect(whole.handoff?.messages).toHaveLength(2_100);
      expect(JSON.stringify(whole.handoff)).not.toContain('10000000');
      const file = join(server.dataDir, 'paged.json');
      await writeBackupFile(file, paged);
      expect(await readFile(file, 'utf8')).toBe(JSON.stringify({ ...whole, createdAt: paged.createdAt }));
    } finally {
      await server.stop();
    }
  });

  it('reads the rest of what grows with traffic a page at a time too: handoff contacts, analytics facts and counters, chat conversations; transcripts through their index (ops18)', {
    timeout: 30_000,
  }, async () => {
    const server = await startTestServer();
    try {
      const at = (i: number) => new Date(Date.UTC(2026, 11, 5) + (i % 50) * 1000).toISOString();
      const later = new Date(Date.now() + 86_400_000).toISOString();
      const writes: Promise<unknown>[] = [];
      // More than a page of contacts (one without messages), each with its session's value masked in its messages.
      for (let c = 0; c < 2_100; c++) writes.push(server.store.putHandoffContact(handoffContact(`h${String(c).padStart(4, '0')}`, c % 3, at(c), { status: 'assigned', agent: 'awa' })));
      await Promise.all(writes);
      for (let i = 0; i < 300; i++) {
        writes.push(
          server.store.appendHandoffMessage({ id: `m${i}`, contactId: `h${String(i * 7).padStart(4, '0')}`, at: at(i), from: 'agent', text: `Votre code PUK est ${String(10_000_000 + i)}` }),
        );
      }
      // Facts over more than a page of rows, in several hours (counters of more than a page).
      for (let i = 0; i < 2_300; i += 100) {
        await server.store.recordFacts(
          Array.from({ length: 100 }, (_, j) => factBatch(new Date(Date.UTC(2026, 10, 1) + (i + j) * 3_600_000).toISOString(), [{ type: 'visit', node: `n${j % 3}` }], {}, `c${i + j}`)),
        );
      }
      // Transcripts of more than a page, many starting in the same second: paged on their index, ties by id.
      for (let i = 0; i < 2_050; i++) {
        writes.push(
          server.store.startTranscript({ sessionKey: `t${i}`, flowId: 'accueil', flowVersion: 1, channel: 'voice', callerNumber: '+22997000001', preview: false, startedAt: at(2_049 - i), turns: [] }),
        );
      }
      for (let i = 0; i < 2_050; i++) writes.push(server.store.messaging.touchConversation(`whatsapp:1:229970${String(i).padStart(5, '0')}`, at(i), later));
      await Promise.all(writes);
      const whole = await server.store.dump();
      const paged = await server.store.dump(undefined, { paged: true });
      // Read as they are written: the dump holds none of their rows.
      expect(paged.handoff?.contacts).toHaveLength(0);
      expect(paged.analytics?.facts).toHaveLength(0);
      expect(paged.analytics?.counters).toHaveLength(0);
      expect(paged.messaging?.conversations).toHaveLength(0);
      expect(paged.transcripts).toHaveLength(0);
      expect(whole.transcripts).toHaveLength(2_050);
      expect(whole.handoff?.contacts).toHaveLength(2_100);
      expect(whole.analytics?.facts).toHaveLength(2_300);
      expect(whole.analytics!.counters.length).toBeGreaterThan(2_000);
      expect(whole.messaging?.conversations).toHaveLength(2_050);
      expect(JSON.stringify(whole.handoff)).not.toContain('10000000');
      const file = join(server.dataDir, 'paged.json');
      try {
        await writeBackupFile(file, paged);
      } finally {
        endOfDump(paged);
      }
      expect(await readFile(file, 'utf8')).toBe(JSON.stringify({ ...whole, createdAt: paged.createdAt }));
    } finally {
      await server.stop();
    }
  });

  it('reads sessions and versions a page at a time too, masking each page with what it looks up (ops19)', { timeout: 30_000 }, async () => {
    const server = await startTestServer();
    try {
      const PUK = '80417263';
      const at = (i: number) => new Date(Date.UTC(2026, 11, 5) + i * 1000).toISOString();
      const until = new Date(Date.now() + 86_400_000).toISOString();
      // Versions past a page's few MiB (12 of 600 kB), each declaring `puk` sensitive.
      const document = (n: number) => {
        const flow = Flow.parse({ ...testFlow({ id: 'accueil', name: `v${n}` }), variables: [{ name: 'puk', type: 'digits', sensitive: true }] });
        const spoken = flow.nodes.find((node) => 'prompt' in node && node.prompt) as { prompt: Record<string, { text: string }> };
        spoken.prompt.fr = { text: 'x'.repeat(600_000) };
        return flow;
      };
      for (let n = 1; n <= 12; n++) await server.store.putVersion({ flowId: 'accueil', number: n, hash: `h${n}`, document: document(n), author: 'awa', message: `v${n}`, createdAt: at(n) });
      // More than a page of live sessions on those versions: their PUK kept apart, or in `vars` (saved before that).
      const writes: Promise<unknown>[] = [];
      for (let i = 0; i < 2_100; i++) {
        const record = session(`whatsapp:229${String(i).padStart(8, '0')}`, until);
        const puk = String(10_000_000 + i);
        writes.push(
          server.store.putSession({
            ...record,
            session: { ...record.session, flowId: 'accueil', flowVersion: (i % 12) + 1, vars: { ...record.session.vars, ...(i % 2 ? { puk } : {}) } },
            ...(i % 2 ? {} : { sensitive: { clear: { puk } } }),
          }),
        );
      }
      await Promise.all(writes);
      // Contacts still open, an agent quoting their caller's PUK: masked with their session's values, looked up page by page.
      for (let c = 0; c < 30; c++) {
        const key = `whatsapp:229${String(c * 70).padStart(8, '0')}`;
        await server.store.putHandoffContact(handoffContact(`h${c}`, 1, at(c), { sessionKey: key, status: 'assigned', agent: 'awa' }));
        await server.store.appendHandoffMessage({ id: `m${c}`, contactId: `h${c}`, at: at(c), from: 'agent', text: `Votre code est le ${String(10_000_000 + c * 70)}, PUK ${PUK}` });
      }
      const whole = await server.store.dump();
      const paged = await server.store.dump(undefined, { paged: true });
      // Read as they are written: the dump holds none of them.
      expect(paged.sessions).toHaveLength(0);
      expect(paged.versions).toHaveLength(0);
      expect(whole.sessions).toHaveLength(2_100);
      expect(whole.versions).toHaveLength(12);
      const file = join(server.dataDir, 'paged.json');
      try {
        await writeBackupFile(file, paged);
      } finally {
        endOfDump(paged);
      }
      const written = await readFile(file, 'utf8');
      expect(written).toBe(JSON.stringify({ ...whole, createdAt: paged.createdAt }));
      expect(written).not.toContain('10000070');
      expect(written).not.toContain('10000071');
      expect(written).toContain('Votre code est le •••');
    } finally {
      await server.stop();
    }
  });

  it('never holds a 40 MB store as one string while writing it', async () => {
    const createdAt = '2026-12-05T03:00:00.000Z';
    const audit = Array.from({ length: 90_000 }, (_, i) => ({ id: `a${i}`, at: createdAt, actor: 'admin', action: 'flow.save', target: `flow:f${i}`, details: { note: `${i}`.padEnd(400, 'x') } }));
    const dump = {
      format: 'griot-backup',
      formatVersion: 1,
      createdAt,
      flows: [],
      drafts: [],
      versions: [],
      environments: [],
      bindings: [],
      sessions: [],
      callers: [],
      transcripts: [],
      audit,
      users: [],
      tokens: [],
    } as unknown as StoreDump;
    const file = join(await makeDataDir(), 'big.json');
    const before = peakRssMB();
    await writeBackupFile(file, dump);
    // As one string and its bytes: +177 MB at its peak; in pieces: +55 MB (pieces not yet collected) on the day it changed.
    expect(peakRssMB() - before).toBeLessThan(100);
    expect((await readFile(file)).length).toBeGreaterThan(40 * 1024 * 1024);
  });
});
