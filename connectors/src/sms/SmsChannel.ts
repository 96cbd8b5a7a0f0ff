/// <reference path="./smpp.d.ts" />
import { createHash } from 'node:crypto';
import type smpp from 'smpp';
import { channelCapabilities, renderReplies, systemTexts, type Effect, type JsonValue, type SystemTexts } from '@griot/flows';
import { GiveUp, type InboundWorker, type Attempt } from '../messaging/InboundWorker.ts';
import type { KeyedQueue } from '../channel/KeyedQueue.ts';
import { createInbox, type InboxOptions } from '../messaging/createInbox.ts';
import type { SenderShares } from '../messaging/SenderShares.ts';
import type { MessagingConversations } from '../messaging/MessagingConversations.ts';
import type { InboundMessage } from '../messaging/inbound.ts';
import type { InboundRecord, MessagingLedger } from '../messaging/ledger.ts';
import { WrittenTexts } from '../channel/WrittenTexts.ts';
import { silentLogger, type ChannelLogger } from '../channel/ChannelLogger.ts';
import { ConcatenatedParts } from './ConcatenatedParts.ts';
import { moDedupeKey } from './moDedupeKey.ts';
import { isStopKeyword } from './stopKeyword.ts';
import { ALPHANUMERIC_TON, readDeliverSm, type DeliveryReceipt, type MobileOriginated } from './readDeliverSm.ts';
import { SmppStatus, SubmitError } from './SmppLink.ts';
import { subscriberAddress } from './toSubmitSms.ts';
import { smsStatusId, type SmsSender, type SmsSendReport } from './SmsSender.ts';
import { receiptOnReply } from './receiptOnReply.ts';
import { endOnError } from '../messaging/endOnError.ts';
import { logKeyOf } from '../channel/logDigest.ts';

export interface SmsChannelOptions {
  conversations: MessagingConversations;
  sender: SmsSender;
  ledger: MessagingLedger;
  /** The TLV carrying the SMSC's id of a subscriber's message (see `moDedupeKey`). */
  moMessageIdTlv: number;
  texts?: (locale: string | undefined) => SystemTexts;
  maxPending?: number;
  /** SMS of one subscriber queued at most; past it theirs are answered `ESME_RMSGQFUL` while others' get in. */
  maxPendingPerSender?: number;
  /** How long the parts of a long SMS are held, unanswered, for the rest to arrive. */
  partsWaitMs?: number;
  /**
   * How long an agent's reply waits for the link to take it (down, reconnecting, its window
   * full) before it is "not now" and left to the recovery pass: the SMPP response timeout.
   */
  agentReplyWaitMs?: number;
  inbox?: InboxOptions;
  now?: () => number;
  logger?: ChannelLogger;
  onProcessed?: (event: SmsProcessedEvent) => void;
}

export interface SmsProcessedEvent {
  message: InboundMessage;
  outcome: string;
  report?: SmsSendReport;
  /** Milliseconds waiting in the subscriber's queue, in the flow's turn, and sending (until the SMSC accepted every part). */
  timings: { queuedMs: number; turnMs: number; sendMs: number };
}

/** What a turn produced for a message, kept in its inbox record so a retry sends it rather than replays the turn. */
interface PlannedTexts {
  outcome: string;
  texts: string[];
}

/**
 * The SMS channel's inbound side and its turns. A `deliver_sm` is answered only once what it
 * carries is durable: a subscriber's SMS recorded in the inbox (the Store), a receipt's status in
 * the ledger; until then (or when recording fails) the SMSC re-delivers it. Recorded messages are
 * processed in order per subscriber, at least once (after a crash, the next process or another
 * instance takes them over); each turn's texts go out as SMS under idempotency keys.
 */
export class SmsChannel {
  readonly queue: KeyedQueue;
  /** How long an agent's reply waits for the link (`SmsChannelOptions.agentReplyWaitMs`). */
  get agentReplyWaitMs(): number | undefined {
    return this.options.agentReplyWaitMs;
  }
  readonly inbox: InboundWorker;
  private readonly shares: SenderShares;
  private readonly logger: ChannelLogger;
  private readonly texts: (locale: string | undefined) => SystemTexts;
  /** System texts in the flow's written language for a subscriber whose language has only recordings (Fon). */
  private readonly written: WrittenTexts;
  private readonly parts: ConcatenatedParts;
  private readonly acceptedAt = new Map<string, number>();
  private readonly recording = new Set<Promise<unknown>>();
  private readonly warned = new Set<string>();
  private accepting = true;

  constructor(private readonly options: SmsChannelOptions) {
    this.logger = options.logger ?? silentLogger;
    this.texts = options.texts ?? ((locale) => systemTexts(locale));
    this.written = new WrittenTexts(this.texts);
    this.parts = new ConcatenatedParts(options.partsWaitMs ?? 20_000, SmppStatus.TEMPORARY_APP_ERROR);
    ({
      queue: this.queue,
      inbox: this.inbox,
      shares: this.shares,
    } = createInbox('sms', options, {
      process: (record, attempt) => this.processRecord(record, attempt),
      onQueueError: (error) => this.logger.error({ error: describe(error) }, 'SMS processing failed'),
      logger: this.logger,
    }));
  }

  /** Starts the inbox: what an earlier process acknowledged but did not process is processed now. */
  start(): void {
    this.inbox.start();
  }

  /**
   * Takes one `deliver_sm` and resolves with the `command_status` of its answer, once what it
   * carries is safe (0), or a temporary error for the SMSC to deliver it again later.
   */
  deliver(pdu: smpp.PDU, link: { bindId: string }): Promise<number> {
    const delivering = this.deliverNow(pdu, link).catch((error: unknown) => {
      this.logger.error({ error: describe(error) }, 'an SMS could not be recorded: the SMSC will deliver it again');
      return SmppStatus.TEMPORARY_APP_ERROR as number;
    });
    this.recording.add(delivering);
    void delivering.finally(() => this.recording.delete(delivering));
    return delivering;
  }

  private async deliverNow(pdu: smpp.PDU, link: { bindId: string }): Promise<number> {
    if (!this.accepting) return SmppStatus.TEMPORARY_APP_ERROR;
    const read = readDeliverSm(pdu, { moMessageIdTlv: this.options.moMessageIdTlv });
    switch (read.kind) {
      case 'unreadable':
        // The same PDU delivered again would be as unreadable: taken, and said (no content logged).
        this.logger.warn({ reason: read.reason }, 'deliver_sm Griot cannot read: acknowledged and ignored');
        return SmppStatus.OK;
      case 'receipt':
        await this.recordReceipt(read);
        return SmppStatus.OK;
      case 'message': {
        const key = moDedupeKey(read, { sequence: pdu.sequence_number, bindId: link.bindId });
        if (!read.part) return this.recordMessage(read, key);
        const joined = this.parts.add(`${read.to}:${read.from}:${read.part.ref}:${read.part.total}`, { ...read.part, text: read.text, key });
        if (joined.kind === 'waiting') return joined.status;
        let status: number = SmppStatus.TEMPORARY_APP_ERROR;
        try {
          status = await this.recordMessage({ ...read, text: joined.text }, `${read.to}:${read.from}:p:${digest(joined.keys.join('\n'))}`);
        } finally {
          joined.settle(status);
        }
        return status;
      }
    }
  }

  private async recordMessage(read: MobileOriginated, key: string): Promise<number> {
    const subscriber = subscriberAddress(read.from, read.fromTon);
    const conversationKey = `sms:${read.to}:${subscriber}`;
    // The queue is full, or this subscriber has their whole share waiting (a looping sender): the SMSC delivers it again later.
    const admission = this.shares.admit([{ conversationKey }]);
    if (admission.admitted.length === 0) return SmppStatus.MSGQFUL;
    const message: InboundMessage = {
      channel: 'sms',
      address: read.to,
      from: subscriber,
      conversation: `${read.to}:${subscriber}`,
      // The caller profile's key: E.164 for an international number; a national one as given (the engine normalizes it in the default region).
      // An alphanumeric sender id (TON 5) is a name the sending party chose, whatever digits it spells: no one's number.
      ...(read.fromTon === ALPHANUMERIC_TON ? {} : { phoneNumber: read.fromTon === 1 ? `+${read.from}` : read.from }),
      messageId: key,
      sentAt: new Date((this.options.now ?? Date.now)()).toISOString(),
      content: { kind: 'event', event: { type: 'text', text: read.text } },
    };
    const id = inboxIdOf(message);
    this.acceptedAt.set(id, performance.now());
    const [fresh] = await this.inbox
      .record([{ id, channel: 'sms', conversationKey, payload: message as unknown as JsonValue }])
      .catch((error: unknown) => {
        this.acceptedAt.delete(id);
        throw error;
      })
      .finally(admission.release);
    if (!fresh) this.acceptedAt.delete(id);
    return SmppStatus.OK;
  }

  /** A receipt: the status of the part it is about, and of the reply that part belongs to. */
  private async recordReceipt(receipt: DeliveryReceipt): Promise<void> {
    const { ledger } = this.options;
    const messageId = smsStatusId(receipt.messageId);
    const known = await ledger.getStatus(messageId);
    const at = new Date((this.options.now ?? Date.now)()).toISOString();
    await ledger.recordStatus({
      messageId,
      status: receipt.status,
      at,
      ...(known?.outboundKey ? { outboundKey: known.outboundKey } : {}),
      ...(receipt.status === 'failed' ? { errors: [{ title: receipt.stat, ...(receipt.error && /^\d+$/.test(receipt.error) ? { code: Number(receipt.error) } : {}) }] } : {}),
    });
    // No reply known yet: the SMSC answered before Griot recorded the part as sent (SmsSender applies it then).
    if (known?.outboundKey) await receiptOnReply({ ledger, logger: this.logger }, known.outboundKey, receipt, at);
  }

  private async processRecord(record: InboundRecord, attempt: Attempt): Promise<void> {
    if (record.payload === undefined) throw new GiveUp('its content cannot be read (sealed under a data key that is no longer configured)');
    const message = record.payload as unknown as InboundMessage;
    const began = performance.now();
    const acceptedAt = this.acceptedAt.get(record.id) ?? began;
    this.acceptedAt.delete(record.id);
    const planned = (record.progress as unknown as PlannedTexts | undefined) ?? (await this.turn(message, attempt));
    if (planned.texts.length > 0 && !record.progress) await attempt.saveProgress(planned as unknown as JsonValue);
    const turned = performance.now();
    let report: SmsSendReport | undefined;
    if (planned.texts.length > 0) {
      try {
        report = await this.options.sender.send({
          shortCode: message.address,
          to: message.from,
          conversationKey: `sms:${message.conversation}`,
          causeId: message.messageId,
          texts: planned.texts,
        });
      } catch (error) {
        // Refused by the SMSC: it would be refused again.
        if (error instanceof SubmitError && error.status !== undefined) throw new GiveUp(error.message);
        throw error;
      }
    }
    const timings = { queuedMs: began - acceptedAt, turnMs: turned - began, sendMs: performance.now() - turned };
    this.options.onProcessed?.({ message, outcome: planned.outcome, timings, ...(report ? { report } : {}) });
    if (planned.outcome === 'error') throw new GiveUp('the turn failed on every attempt: the subscriber was told of a technical problem');
  }

  private async turn(message: InboundMessage, attempt: Attempt): Promise<PlannedTexts> {
    const key = `sms:${message.conversation}`;
    try {
      if (message.content.kind === 'event' && message.content.event.type === 'text' && isStopKeyword(message.content.event.text)) return await this.stop(message, key);
      const result = await this.options.conversations.receive(message);
      switch (result.kind) {
        case 'noBinding':
          // Only the short codes bound to a flow are answered; an SMS to another is acknowledged and left.
          this.logger.warn({ shortCode: message.address }, 'SMS to a short code without a binding: not answered');
          return { outcome: 'noBinding', texts: [] };
        case 'duplicate':
        case 'ignored':
          return { outcome: result.kind, texts: [] };
        case 'unsupported':
          return { outcome: result.kind, texts: [this.written.for(message.address, result.locale).unsupportedMessage] };
        case 'turn':
          return {
            outcome: 'turn',
            texts: this.render(result.turn.effects ?? [], result.turn.session?.flowId ?? result.binding.flowId, message.address, this.written.learn(message.address, result.turn.flow?.locales)),
          };
      }
    } catch (error) {
      if (!attempt.last) throw error;
      const session = logKeyOf(key);
      const told = 'SMS turn failed on its last attempt: the subscriber is told of a technical problem, the contact ends on an error';
      // The store failing (a full disk, MongoDB gone) is said by its code once a minute and counted, not once per subscriber.
      const storeCause = this.options.conversations.storeFailed(error, 'sms', { attempt: attempt.number, session }, told);
      if (!storeCause) this.logger.error({ attempt: attempt.number, session, cause: 'internalError', error: describe(error) }, told);
      await endOnError(this.options.conversations, key, this.logger, storeCause ? 'storeUnavailable' : 'internalError', 'sms');
      return { outcome: 'error', texts: [this.written.for(message.address, await this.options.conversations.recallLocale(key, message.phoneNumber ?? message.from)).technicalProblem] };
    }
  }

  /**
   * The subscriber wrote STOP: the contact ends (`reason: 'stopped'`) without the flow reading
   * it, and one SMS says so in their language; the next SMS starts a new contact. To a short code
   * nobody bound, nothing is sent.
   */
  private async stop(message: InboundMessage, key: string): Promise<PlannedTexts> {
    const { conversations } = this.options;
    if (!(await conversations.isBound(message))) return { outcome: 'noBinding', texts: [] };
    const locale = await conversations.recallLocale(key, message.phoneNumber ?? message.from);
    await conversations.end(key, 'stopped');
    return { outcome: 'stopped', texts: [this.written.for(message.address, locale).conversationStopped] };
  }

  /**
   * A turn's effects as SMS texts: numbered menus, SSML gone, split only past one concatenated SMS;
   * the channel's words in the subscriber's written language (the flow's, `locales`, or those last
   * played at the short code `address`).
   */
  render(effects: readonly Effect[], flowId: string, address = '', locales?: readonly { code: string }[]): string[] {
    const rendered = renderReplies(effects, { capabilities: channelCapabilities.sms, texts: (locale) => this.written.for(address, locale, locales) });
    for (const dropped of rendered.dropped) {
      const id = `${flowId}:${dropped.node}`;
      if (!this.warned.has(id) && this.warned.size < 1000) {
        this.warned.add(id);
        this.logger.warn({ flowId, ...dropped }, 'prompt not sent by SMS');
      }
    }
    return rendered.replies.flatMap((reply) => (reply.type === 'text' ? [reply.text] : []));
  }

  /**
   * Sends outside the subscriber's own turn (an agent's words, the flow's turn after an agent
   * hands back), through the subscriber's queue so it never overtakes a reply being sent.
   */
  sendOutOfTurn(
    sessionKey: string,
    content: { text: string } | { effects: readonly Effect[]; flowId: string },
    causeId: string,
    options: { waitMs?: number } = {},
  ): Promise<SmsSendReport | undefined> {
    // `sms:<short code>:<subscriber>`
    const match = /^sms:([^:]+):([^:]+)$/.exec(sessionKey);
    if (!match) return Promise.reject(new Error(`not an SMS conversation: ${sessionKey}`));
    const [, shortCode = '', to = ''] = match;
    const texts = 'text' in content ? [content.text] : this.render(content.effects, content.flowId, shortCode);
    if (texts.length === 0) return Promise.resolve(undefined);
    return new Promise<SmsSendReport | undefined>((resolve, reject) => {
      const queued = this.queue.tryRun(sessionKey, async () => {
        try {
          resolve(await this.options.sender.send({ shortCode, to, conversationKey: sessionKey, causeId, texts, ...(options.waitMs !== undefined ? { waitMs: options.waitMs } : {}) }));
        } catch (error) {
          reject(error);
        }
      });
      if (!queued) reject(new Error('too many SMS queued'));
    });
  }

  /**
   * Graceful stop: new `deliver_sm`s get a temporary error (the SMSC re-delivers them to the
   * next process), held parts too; those being recorded finish; what is queued is processed.
   */
  async close(): Promise<void> {
    this.accepting = false;
    this.parts.clear();
    await Promise.allSettled([...this.recording]);
    await this.inbox.close();
    await this.queue.idle();
  }
}

/** The inbox id of a subscriber's SMS (see `moDedupeKey`). */
export function inboxIdOf(message: Pick<InboundMessage, 'messageId'>): string {
  return `sms:${message.messageId}`;
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 24);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
