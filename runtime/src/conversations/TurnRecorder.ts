import type { FlowEvent, JsonValue, LocaleEffect, Session } from '@griot/flows';
import { afterAnswer } from '@griot/connectors';
import { infoLater, type Logger } from '../logger.ts';
import type { CallerChanges, SessionRecord, Store, TurnWrite } from '../store/types.ts';
import { memoryOwnerOf, profileKey, type CallerMemory } from '../callers/CallerMemory.ts';
import { transcriptTurn } from '../transcripts/transcriptTurn.ts';
import type { PreviewLookups } from './PreviewLookups.ts';
import { contactSummaryOf } from './contactSummary.ts';
import { isoTime } from './isoTime.ts';
import { logKeyOf } from './logKey.ts';
import { roundMs, type Conversation, type TurnSoFar } from './turnState.ts';
import type { HandoffHooks, ObservedTurn, TurnObserver, TurnReport } from './types.ts';
import type { SessionVault } from '../sensitive/SessionVault.ts';
import { handoffProgressAfter } from '../analytics/handoffProgress.ts';
import { lookupFailedAfter } from '../analytics/lookupFailed.ts';
import { answerOf, keepsAnswer } from './turnAnswer.ts';
import type { SignOfLife } from './signOfLife.ts';

const E164 = /^\+[1-9]\d{5,14}$/;

/**
 * The session was no longer at the revision the turn read: another instance ran an event of the
 * same conversation first. Nothing of the turn was saved; the engine runs it again from the
 * stored session (its effects never reached the channel).
 */
export class SessionConflict extends Error {
  constructor(
    readonly key: string,
    /** The turn ran on a session this instance had kept (`SessionCache`): another instance wrote it since, as expected now and then. */
    readonly stale = false,
  ) {
    super(`the session ${logKeyOf(key)} changed while this turn ran`);
    this.name = 'SessionConflict';
  }
}

/**
 * The profile a contact's memory is kept under: the caller's normalized number (for a platform
 * caller, the number the platform vouched for), or their platform identity (`telegram:<id>`),
 * which a typed number (`linkedNumber`, a claim) does not change. An anonymous web chat has none.
 */
function memoryKeyOf(record: SessionRecord, session: Session): string | null {
  return (E164.test(session.caller.number) ? session.caller.number : null) ?? record.platformCaller ?? null;
}

/**
 * Everything kept after a turn, in one store write: the session (with a new expiry), the
 * transcript turn (masked), the caller's memory, and, when the contact ends, the transcript's
 * end and the contact summary.
 */
export class TurnRecorder {
  constructor(
    private readonly options: {
      store: Store;
      memory: CallerMemory;
      previews: PreviewLookups;
      log: Logger;
      clock: () => Date;
      sessionTtlMinutes: number;
      handoffs?: HandoffHooks | undefined;
      vault: SessionVault;
      observer?: TurnObserver | undefined;
      /** Named in a call's kept answer (`SessionRecord.answer`): the instance that took the turn. */
      instanceId: string;
      /** Told of every call turn taken here: renews this instance's sign of life while one may be retried elsewhere. */
      alive?: SignOfLife | undefined;
    },
  ) {}

  private static readonly NOTHING: TurnReport = {};

  expiry(now: Date): Date {
    return new Date(now.getTime() + this.options.sessionTtlMinutes * 60_000);
  }

  async record(conversation: Conversation, before: Session, after: Session, event: FlowEvent, input: JsonValue, turn: TurnSoFar, began: number): Promise<void> {
    const { store, memory, previews, log } = this.options;
    const now = this.options.clock();
    const at = isoTime(now);
    const expiresAt = this.expiry(now);
    // With the revision it was read at: saved only if no other instance wrote the session meanwhile.
    const read = conversation.record;
    // The call hook's answer, kept in the same write for jambonz's retry should this instance die before it leaves;
    // that turn's goodbye too when it ends the call and says nothing masked (a closed line's: kept with the ended
    // session until its purge, `storedSession`; one that says a PUK is not kept, `answerOf`). Not for a later turn,
    // which jambonz never retries (`keepsAnswer`): the first turn's answer goes with the next save (or with the
    // write that ends the contact later, `storedSession`).
    const call = read.key.startsWith('voice:');
    const answer = call && keepsAnswer(read.key, event) ? answerOf(this.options.vault, conversation.flow, read.key, this.options.instanceId, before, after, turn.effects, turn.queued) : undefined;
    // A turn that keeps no answer: the record is built without the one kept before, not given it and
    // `delete`d, which turns the object (that the store serialises and the next copy reads) into a slow
    // dictionary-mode one (issue 17: the deletes and the copies after them were ~1 % of a call's main thread).
    let record: SessionRecord;
    if (answer === undefined && read.answer !== undefined) {
      const { answer: _done, ...rest } = read;
      record = { ...rest, session: after, updatedAt: at, expiresAt: isoTime(expiresAt) };
    } else record = { ...read, session: after, updatedAt: at, expiresAt: isoTime(expiresAt) };
    // The account's name on the platform (WhatsApp's profile name) is account data kept for the agents while the contact
    // lives: not with the ended session, kept until its purge (a contact that never reached an agent, or closed by one).
    if (after.status === 'ended' && record.callerName !== undefined) {
      const { callerName: _gone, ...rest } = record;
      record = rest;
    }
    // How far the contact went with agents, kept on the record: its outcome is known when it ends.
    const handoff = handoffProgressAfter(conversation.flow, record.handoff, { asked: turn.effects.some((e) => e.type === 'handoff'), queued: turn.queued !== undefined, edges: turn.trace.edges });
    if (handoff !== undefined) record.handoff = handoff;
    const lookupFailed = lookupFailedAfter(conversation.flow, record.lookupFailed, turn.trace.edges);
    if (lookupFailed !== undefined) record.lookupFailed = lookupFailed;
    if (call) {
      // Judged by another instance only while the call's last turn, taken here, has a kept answer that
      // may hold a secret: a goodbye kept with its ended call holds none, and is given to a retry
      // whether this instance lives or not (`ConversationService.resend`), so renews nothing.
      this.options.alive?.took(record.key, answer === undefined || answer.ends === true);
      if (answer !== undefined) record.answer = answer;
    }
    const durationMs = performance.now() - began;
    // Stored with its sensitive variables apart (sealed), or without them once the contact ended.
    const stored = this.options.vault.seal(conversation.flow, record);
    const onCut = (chars: number) =>
      log.warn(
        { event: 'transcript.promptsCut', session: logKeyOf(record.key), flowId: after.flowId, version: after.flowVersion, chars },
        "a turn's prompts were longer than a transcript keeps: the rest was cut",
      );
    const write: TurnWrite = {
      session: stored,
      turn: transcriptTurn({ at: now, input, effects: turn.effects, nodes: turn.trace.nodes, durationMs, lookups: turn.lookupReports, onCut, channel: after.channel }),
    };
    // Taken once (written with this turn): cleared, not `delete`d (the conversation stays cached for the call's next turn).
    const { newTranscript, callerChanges: startChanges, previousContact } = conversation;
    if (newTranscript !== undefined) conversation.newTranscript = undefined;
    if (startChanges !== undefined) conversation.callerChanges = undefined;
    if (previousContact !== undefined) conversation.previousContact = undefined;
    if (newTranscript) write.newTranscript = newTranscript;
    const ended = after.status === 'ended' && before.status !== 'ended';
    const observed: ObservedTurn = {
      record,
      flow: conversation.flow,
      before,
      after,
      event,
      turn,
      at: now,
      newContact: newTranscript !== undefined,
      ended,
      ...(previousContact ? { previousContact } : {}),
    };
    // The turn's analytics facts are handed to the store once the turn is saved, and written with
    // other turns' (`Store.queueFacts`): not a row and a page in every turn's commit.
    const observing = this.options.observer ? this.options.observer.observe(observed) : TurnRecorder.NOTHING;
    const report = observing instanceof Promise ? await observing : observing;
    // The transcript ends after its last turn, in the same write.
    const reason = after.endReason ?? 'completed';
    if (ended) write.end = { at, reason };
    // A phone question that links callers (`linkCaller`) answered by a platform caller: a typed
    // number is their claim, recorded (their next contacts are greeted in its language), never
    // made their number nor their memory: this turn's changes stay under their platform id.
    const claim = turn.effects.find((e) => e.type === 'linkCaller');
    if (claim && record.platformCaller && !record.preview && E164.test(claim.number)) {
      const link = await store.linkCaller({ key: record.platformCaller, number: claim.number, verified: false, linkedAt: at });
      record.linkedNumber = link.number;
      log.info({ event: 'caller.linked', session: logKeyOf(record.key), verified: link.verified }, 'a platform caller was linked to a number');
    }
    const number = memoryKeyOf(record, after);
    if (number) {
      // The language node announces every choice with a `locale` effect (the last one wins).
      let locale: LocaleEffect | undefined;
      for (const e of turn.effects) if (e.type === 'locale') locale = e;
      let contact = ended ? { ...contactSummaryOf(conversation.flow, after, reason, now), channel: after.channel } : undefined;
      // A contact an agent handled says who, and how the agent closed it (previews never reach the agent queues).
      if (contact?.outcome === 'handoff' && this.options.handoffs && !record.preview) contact = { ...contact, ...(await this.options.handoffs.contactOf(record.key)) };
      // Counted as contained: the caller's next contact within the window takes it back.
      if (contact && report.contained) contact = { ...contact, contained: report.contained };
      const changes = memory.changesOf(conversation.flow, before, after, { locale, assigned: turn.assigned }, contact);
      if (changes || startChanges) write.caller = { key: profileKey(number, memoryOwnerOf(record)), changes: withStartChanges(startChanges, changes), at };
    }
    const saving = performance.now();
    const saved = await store.saveTurn(write);
    if (!saved.ok) throw new SessionConflict(record.key, conversation.cached === true);
    conversation.record = { ...record, revision: saved.revision };
    if (report.facts) store.queueFacts(report.facts);
    // Metrics wait for the answer (the turn is saved): see afterAnswer; the lifecycle line for the log's batch (infoLater).
    const observer = this.options.observer;
    if (observer) {
      const timing = { engineMs: saving - began, storeMs: performance.now() - saving };
      afterAnswer(() => observer.saved(observed, report, timing));
    }
    if (ended) {
      const { key, preview } = record;
      const { flowId, flowVersion: version, turns } = after;
      infoLater(log, () => ({ event: 'conversation.end', session: logKeyOf(key), flowId, version, reason, turns, preview }), 'conversation ended');
    }
    if (record.preview) {
      if (ended) previews.delete(record.key);
      else previews.touch(record.key, expiresAt);
    }
    // Ids, node ids, effect types and timings only: values and prompts may be sensitive.
    if (!log.isLevelEnabled('debug')) return;
    log.debug(
      {
        event: 'conversation.turn',
        session: logKeyOf(record.key),
        flowId: after.flowId,
        version: after.flowVersion,
        nodes: turn.trace.nodes,
        effects: turn.effects.map((e) => e.type),
        issues: turn.issues.map((i) => `${i.code}${i.node ? `@${i.node}` : ''}`),
        waitsAt: after.wait?.node,
        status: after.status,
        durationMs: roundMs(durationMs),
      },
      'turn',
    );
  }
}

/**
 * The first turn's changes after those its start made (the last channel, former names moved):
 * the turn's own variables over the moved ones, a name the turn sets never forgotten nor made a
 * condition of the move (`CallerChanges.read`).
 */
export function withStartChanges(start: CallerChanges | undefined, changes: CallerChanges | null): CallerChanges {
  if (!start?.variables || !changes?.variables) return { ...start, ...changes };
  const own = changes.variables;
  // A name the turn sets is the turn's own write: never a condition of the move, never dropped with it.
  const read = start.read && Object.fromEntries(Object.entries(start.read).filter(([name]) => !Object.hasOwn(own, name)));
  return { ...start, ...changes, variables: { ...start.variables, ...own }, ...(read ? { read } : {}) };
}
