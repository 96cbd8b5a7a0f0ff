import { ReplyNotDeliveredError } from '@griot/connectors';
import type { HandoffService } from './HandoffService.ts';
import { targetOf } from './HandoffService.ts';

/** A reply younger than this is left to the request storing it (still sending it, most likely). */
export const RESEND_GRACE_MS = 10_000;
/** A reply pending longer than this is given up: the conversation has moved on. */
const GIVE_UP_AFTER_MS = 24 * 60 * 60_000;
/** Replies read per pass; the next pass takes the rest. */
const PER_PASS = 200;

export interface ResendCounts {
  sent: number;
  givenUp: number;
  /** The platform did not take them now: the next pass tries again. */
  deferred: number;
}

/**
 * The recovery pass: agents' replies stored but never taken by their channel (the process died
 * between storing and sending, or the platform was down) are sent, under the same key
 * (`agent:<message id>`) as the first attempt, so a reply that did reach the channel is not
 * sent twice, then marked sent. A reply to a closed contact, one the platform refuses for good,
 * or one pending for a day is given up (logged, kept in the conversation). A channel that did not
 * take a reply now (down, or rate-limiting Griot) is left alone for the rest of the pass: its
 * other replies wait for the next pass rather than hammering it.
 */
export async function resendAgentReplies(handoff: HandoffService, now: Date): Promise<ResendCounts> {
  const counts: ResendCounts = { sent: 0, givenUp: 0, deferred: 0 };
  const pending = await handoff.store.listPendingHandoffMessages(new Date(now.getTime() - RESEND_GRACE_MS).toISOString(), PER_PASS);
  /** Channels that did not take a reply in this pass (down, or asking Griot to slow down): their other replies wait for the next pass. */
  const resting = new Set<string>();
  for (const message of pending) {
    const contact = await handoff.store.getHandoffContact(message.contactId);
    const sender = contact && contact.status !== 'closed' ? handoff.senderFor(contact.channel) : undefined;
    const giveUp = async (reason: string) => {
      await handoff.store.settleHandoffMessage(message.contactId, message.id);
      handoff.log.warn({ event: 'handoff.replyGivenUp', contact: message.contactId, message: message.id, reason }, 'an agent reply that never reached its channel is given up');
      counts.givenUp += 1;
    };
    if (!contact || !sender) {
      await giveUp(contact ? 'contactClosed' : 'contactGone');
      continue;
    }
    if (now.getTime() - Date.parse(message.at) > GIVE_UP_AFTER_MS) {
      await giveUp('tooOld');
      continue;
    }
    if (resting.has(contact.channel)) {
      counts.deferred += 1;
      continue;
    }
    try {
      await sender.sendAgentText(targetOf(contact), message.text, message.author ?? '', message.id);
    } catch (error) {
      if (error instanceof ReplyNotDeliveredError && error.reason !== 'platformUnavailable') await giveUp(error.reason);
      else {
        counts.deferred += 1;
        if (error instanceof ReplyNotDeliveredError) resting.add(contact.channel);
        const retryAfterSeconds = error instanceof ReplyNotDeliveredError ? error.retryAfterSeconds : undefined;
        handoff.log.warn(
          { event: 'handoff.replyDeferred', contact: message.contactId, message: message.id, channel: contact.channel, retryAfterSeconds, err: { message: (error as Error).message } },
          'an agent reply is still not sent',
        );
      }
      continue;
    }
    await handoff.store.settleHandoffMessage(message.contactId, message.id);
    counts.sent += 1;
  }
  return counts;
}
