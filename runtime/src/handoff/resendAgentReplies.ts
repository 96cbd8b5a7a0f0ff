import { ReplyNotDeliveredError } from '@griot/connectors';
import type { HandoffService } from './HandoffService.ts';
import { targetOf } from './HandoffService.ts';
import { sendKeyOf } from './AgentDesk.ts';

/** How long one send to a platform may last: each attempt up to its timeout, with the waits between them. */
export interface SendBudget {
  timeoutMs: number;
  /** Attempts after the first. */
  retries: number;
  /** The longest wait between two attempts (the client's backoff cap, which also bounds `Retry-After`). */
  backoffMaxMs: number;
}

/** The channels' defaults (`*_SEND_TIMEOUT_MS` 10 s, `*_SEND_RETRIES` 3, backoff up to 8 s): 64 s. */
const DEFAULT_BUDGET: SendBudget = { timeoutMs: 10_000, retries: 3, backoffMaxMs: 8_000 };
/** Never less than this (the request has stored the reply, and the job runs every 15 s anyway). */
const MIN_GRACE_MS = 10_000;

/**
 * A reply younger than this is left to the request storing it: that request may still be sending
 * it (all its attempts and waits), and a recovery on another instance must not find the send
 * half-done (the channel's ledger `uncertain`), mark the reply sent, and leave the agent told 503
 * with a retry that answers 201 for a reply nobody received. The longest send of the channels
 * given (their attempts, each up to its timeout, and the waits between them), at least 10 s.
 */
export function resendGraceMs(budgets: SendBudget[] = [DEFAULT_BUDGET]): number {
  const longest = Math.max(0, ...budgets.map((b) => (b.retries + 1) * b.timeoutMs + b.retries * b.backoffMaxMs));
  return Math.max(MIN_GRACE_MS, longest);
}

/**
 * The send settings of the channels the environment configures (any `WHATSAPP_`, `MESSENGER_` or
 * `TELEGRAM_` setting: their `_SEND_TIMEOUT_MS` and `_SEND_RETRIES`, else the defaults); the
 * defaults when it configures none of them (SMS only).
 */
export function sendBudgetsOf(env: Record<string, string | undefined>): SendBudget[] {
  const number = (value: string | undefined, fallback: number) => {
    const n = value === undefined || value.trim() === '' ? Number.NaN : Number(value);
    return Number.isFinite(n) && n >= 0 ? n : fallback;
  };
  const configured = ['WHATSAPP', 'MESSENGER', 'TELEGRAM'].filter((channel) => Object.keys(env).some((key) => key.startsWith(`${channel}_`) && env[key] !== undefined));
  if (configured.length === 0) return [DEFAULT_BUDGET];
  return configured.map((channel) => ({
    timeoutMs: number(env[`${channel}_SEND_TIMEOUT_MS`], DEFAULT_BUDGET.timeoutMs),
    retries: number(env[`${channel}_SEND_RETRIES`], DEFAULT_BUDGET.retries),
    backoffMaxMs: DEFAULT_BUDGET.backoffMaxMs,
  }));
}

/** The grace with the channels' defaults (64 s). */
export const RESEND_GRACE_MS = resendGraceMs();
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
 * (`agent:<contact id>:<message id>`) as the first attempt, so a reply that did reach the channel is not
 * sent twice, then marked sent. A reply to a closed contact, one the platform refuses for good,
 * or one pending for a day is given up (logged, kept in the conversation). A channel that did not
 * take a reply now (down, or rate-limiting Griot) is left alone for the rest of the pass: its
 * other replies wait for the next pass rather than hammering it.
 */
export async function resendAgentReplies(handoff: HandoffService, now: Date, graceMs = RESEND_GRACE_MS): Promise<ResendCounts> {
  const counts: ResendCounts = { sent: 0, givenUp: 0, deferred: 0 };
  const pending = await handoff.store.listPendingHandoffMessages(new Date(now.getTime() - graceMs).toISOString(), PER_PASS);
  /** Channels that did not take a reply in this pass (down, or asking Griot to slow down): their other replies wait for the next pass. */
  const resting = new Set<string>();
  for (const message of pending) {
    const contact = await handoff.store.getHandoffContact(message.contactId);
    const sender = contact && contact.status !== 'closed' ? handoff.senderFor(contact.channel) : undefined;
    // Refused for good (`undelivered`), the reason is kept: the agent's retry is refused the same way.
    const giveUp = async (reason: string, undelivered?: string) => {
      await handoff.store.settleHandoffMessage(message.contactId, message.id, undelivered);
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
      await sender.sendAgentText(targetOf(contact), message.text, message.author ?? '', sendKeyOf(message));
    } catch (error) {
      if (error instanceof ReplyNotDeliveredError && error.reason !== 'platformUnavailable') await giveUp(error.reason, error.reason);
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
