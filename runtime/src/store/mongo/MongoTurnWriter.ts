import { randomUUID } from 'node:crypto';
import type { SaveTurnResult, TurnWrite } from '../types.ts';
import { isDuplicateKey } from './isDuplicateKey.ts';
import type { MongoUnitOfWork } from './mongoTransactions.ts';
import type { MongoSessions } from './sessionDocuments.ts';
import type { MongoTranscripts } from './transcriptDocuments.ts';
import type { MongoCallers } from './callerDocuments.ts';
import type { MongoAnalytics } from './analyticsDocuments.ts';

/** Thrown inside a transaction to abort it when the session moved on; never leaves the writer. */
class SessionMovedOn extends Error {}

/** Tries of a turn's part after its session was saved (standalone server): the turn id makes a repeat harmless. */
const PART_ATTEMPTS = 3;

async function applyOnce(part: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await part();
    } catch (error) {
      // Sent again with the same turn id: applied once even when the first try landed and only its answer was lost.
      if (attempt >= PART_ATTEMPTS) throw error;
    }
  }
}

/**
 * `saveTurn` on MongoDB. The session write decides (conditional on the revision the turn read);
 * the transcript line, the caller's changes and the turn's analytics facts follow it, each
 * applied once by the turn's id.
 *
 * On a replica set they are one transaction: all or nothing. On a standalone server they
 * are written in that order, so a turn that lost the race writes nothing but its failed session
 * write; a part that fails after the session is sent again (the same turn id: applied once, even
 * when the first try landed and only its answer was lost), and if it still fails the turn fails
 * with that line or change missing, never doubled.
 * Production should run a replica set (docs/deploy.md).
 */
export class MongoTurnWriter {
  constructor(
    private readonly work: MongoUnitOfWork,
    private readonly parts: { sessions: MongoSessions; transcripts: MongoTranscripts; callers: MongoCallers; analytics: MongoAnalytics },
  ) {}

  async save(write: TurnWrite, turnId: string = randomUUID()): Promise<SaveTurnResult> {
    const { sessions, transcripts, callers, analytics } = this.parts;
    try {
      return await this.work.run(async (session) => {
        const saved = await sessions.save(write.session, session);
        if (!saved.ok) {
          if (session) throw new SessionMovedOn();
          return saved;
        }
        // One after the other: a transaction's operations must not run in parallel on its session.
        // In a transaction a failure aborts it all (withTransaction runs it again when transient).
        const { caller, facts } = write;
        const parts = [
          () => transcripts.record(write, turnId, session),
          ...(caller ? [() => callers.change(caller.key, caller.changes, caller.at, turnId, session)] : []),
          ...(facts ? [() => analytics.recordTurn(facts, turnId, session)] : []),
        ];
        for (const part of parts) await (session ? part() : applyOnce(part));
        return saved;
      });
    } catch (error) {
      // A second first write of one session key (the unique index) is the same race, lost.
      if (error instanceof SessionMovedOn || (this.work.transactions && isDuplicateKey(error))) return { ok: false, reason: 'conflict' };
      throw error;
    }
  }
}
