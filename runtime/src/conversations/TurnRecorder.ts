import type { FlowEvent, JsonValue, Session } from '@griot/flows';
import type { Logger } from '../logger.ts';
import type { SessionRecord, Store } from '../store/types.ts';
import type { CallerMemory } from '../callers/CallerMemory.ts';
import { transcriptTurn } from '../transcripts/transcriptTurn.ts';
import type { PreviewLookups } from './PreviewLookups.ts';
import { contactSummaryOf } from './contactSummary.ts';
import { logKeyOf } from './logKey.ts';
import { roundMs, type Conversation, type TurnSoFar } from './turnState.ts';
import type { HandoffHooks } from './types.ts';

const E164 = /^\+[1-9]\d{5,14}$/;

/** The number memory is keyed by: only a normalized one (an anonymous web chat has none). */
function memoryNumber(session: Session): string | null {
  return E164.test(session.caller.number) ? session.caller.number : null;
}

/**
 * Everything kept after a turn: the session (with a new expiry), the transcript turn (masked),
 * the caller's memory, and, when the contact ends, the transcript's end and the contact summary.
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
    },
  ) {}

  expiry(now: Date): Date {
    return new Date(now.getTime() + this.options.sessionTtlMinutes * 60_000);
  }

  async record(conversation: Conversation, before: Session, after: Session, event: FlowEvent, input: JsonValue, turn: TurnSoFar, began: number): Promise<void> {
    const { store, memory, previews, log } = this.options;
    const now = this.options.clock();
    const expiresAt = this.expiry(now);
    const record: SessionRecord = { ...conversation.record, session: after, updatedAt: now.toISOString(), expiresAt: expiresAt.toISOString() };
    conversation.record = record;
    const durationMs = performance.now() - began;
    const transcribed = transcriptTurn({ at: now, input, effects: turn.effects, nodes: turn.trace.nodes, durationMs });
    const { newTranscript } = conversation;
    delete conversation.newTranscript;
    const ended = after.status === 'ended' && before.status !== 'ended';
    const writes: Array<Promise<void>> = [
      store.putSession(record),
      newTranscript ? store.startTranscript({ ...newTranscript, turns: [transcribed] }) : store.appendTurn(record.key, transcribed),
    ];
    const number = memoryNumber(after);
    if (number) {
      // The language node announces every choice with a `locale` effect (the last one wins).
      const locale = turn.effects.reduce<string | undefined>((last, e) => (e.type === 'locale' ? e.locale : last), undefined);
      let contact = ended ? { ...contactSummaryOf(conversation.flow, after, after.endReason ?? 'completed', now), channel: after.channel } : undefined;
      // A contact an agent handled says who, and how the agent closed it.
      if (contact?.outcome === 'handoff' && this.options.handoffs) contact = { ...contact, ...(await this.options.handoffs.contactOf(record.key)) };
      const changes = memory.changesOf(conversation.flow, before, after, locale, contact);
      if (changes) writes.push(memory.remember(number, record.preview, changes));
    }
    await Promise.all(writes);
    if (ended) {
      // The transcript ends after its last turn is written.
      const reason = after.endReason ?? 'completed';
      await store.endTranscript(record.key, now.toISOString(), reason);
      log.info({ event: 'conversation.end', session: logKeyOf(record.key), flowId: after.flowId, version: after.flowVersion, reason, turns: after.turns, preview: record.preview }, 'conversation ended');
    }
    if (record.preview) {
      if (ended) previews.delete(record.key);
      else previews.touch(record.key, expiresAt);
    }
    // Ids, node ids, effect types and timings only: values and prompts may be sensitive.
    log.debug(
      {
        event: 'conversation.turn', session: logKeyOf(record.key), flowId: after.flowId, version: after.flowVersion, nodes: turn.trace.nodes,
        effects: turn.effects.map((e) => e.type), issues: turn.issues.map((i) => `${i.code}${i.node ? `@${i.node}` : ''}`), waitsAt: after.wait?.node, status: after.status, durationMs: roundMs(durationMs),
      },
      'turn',
    );
  }
}
