import type { ChatSenderOptions, KeyedBatch } from '../messaging/sendBatch.ts';
import { sendInOrder, type SendOutcome } from '../messaging/sendInOrder.ts';
import { silentLogger, type ChannelLogger } from '../channel/ChannelLogger.ts';
import { logKeyOf } from '../channel/logDigest.ts';
import { refOf } from '../messaging/InboundWorker.ts';
import type { GraphClient, GraphSendResult } from './GraphClient.ts';
import { graphAddressOf, type GraphMessageContent, type GraphMessageRequest, type PlannedMessage, type PlannedRecording } from './graphMessages.ts';
import type { WhatsAppMedia } from './WhatsAppMedia.ts';

/** WhatsApp's customer-service window: free-form messages only within 24 h of the user's last message. */
export const SERVICE_WINDOW_MS = 24 * 3_600_000;

export interface OutboundBatch extends KeyedBatch<PlannedMessage> {
  phoneNumberId: string;
  /** The subscriber's wa_id, or their user id when they hide their number. */
  to: string;
  /** When the subscriber last wrote (ISO). */
  lastInboundAt: string;
}

export interface SendReport {
  /** `replied`: all sent (or already sent); `template`: outside the window, the template went; `skipped`: outside the window, nothing configured; `failed`: stopped at a message Graph did not take. */
  outcome: 'replied' | 'template' | 'skipped' | 'failed';
  sent: number;
  /** Already sent under the same key earlier: not sent again. */
  alreadySent: number;
  failure?: GraphSendResult;
}

export interface WhatsAppSenderOptions extends ChatSenderOptions {
  graph: GraphClient;
  template?: { name: string; language: string };
  /** Recorded prompts uploaded to Graph; absent, a planned recording is left out. */
  media?: WhatsAppMedia;
}

/**
 * Sends a turn's messages in order, each under an idempotency key `<cause wamid>:<index>`.
 *
 * Never twice: before sending, the key is looked up in the ledger and skipped when it was sent
 * (or may have been); it is recorded `uncertain`, committed, before the request leaves (`sendInOrder`), so
 * a process that dies while Graph has the request does not send it again when the message is
 * processed anew (one that dies in the instant before the request left loses it); the outcome is recorded
 * under the key; the key travels as
 * `biz_opaque_callback_data`, so status webhooks tie Meta's `wamid` back to it (and confirm an
 * uncertain send). Retries happen only where Graph certainly did not take the
 * message (429, 5xx, no connection: see `GraphClient`). After a timeout the message is marked
 * `uncertain` and *not* re-sent: Graph has no idempotency key of its own, and for a self-care
 * bot a lost message is recoverable (any next message gets the menu again) while a duplicated
 * PUK code or menu is not; the status webhook later confirms whether it went. The rest of the
 * turn still goes after an uncertain message, but stops after a failed one so nothing arrives
 * out of context.
 */
export class WhatsAppSender {
  private readonly now: () => number;
  private readonly logger: ChannelLogger;

  constructor(private readonly options: WhatsAppSenderOptions) {
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? silentLogger;
  }

  close(): void {
    this.options.graph.close();
    void this.options.media?.close();
  }

  /** Whether a message can go now: inside the 24-hour window since `lastInboundAt`, or as the approved template. */
  canReach(lastInboundAt: string | null): boolean {
    if (this.options.template) return true;
    return lastInboundAt !== null && this.now() - Date.parse(lastInboundAt) <= SERVICE_WINDOW_MS;
  }

  async send(batch: OutboundBatch): Promise<SendReport> {
    if (batch.messages.length === 0) return { outcome: 'replied', sent: 0, alreadySent: 0 };
    if (this.now() - Date.parse(batch.lastInboundAt) > SERVICE_WINDOW_MS) {
      const template = this.options.template;
      if (!template) {
        // The key as logs show it (it holds the subscriber's number), the cause by its ref (a wamid encodes the number).
        this.logger.warn({ conversation: logKeyOf(batch.conversationKey), cause: refOf(batch.causeId) }, 'outside the 24-hour window and no WHATSAPP_TEMPLATE_NAME: nothing sent');
        return { outcome: 'skipped', sent: 0, alreadySent: 0 };
      }
      const content: GraphMessageContent = { type: 'template', template: { name: template.name, language: { code: template.language } } };
      const report = await this.sendAll({ ...batch, messages: [content] }, 'template');
      return report.outcome === 'failed' ? report : { ...report, outcome: 'template' };
    }
    return this.sendAll(batch, 'reply');
  }

  private async sendAll(batch: OutboundBatch, kind: 'reply' | 'template'): Promise<SendReport> {
    // Recordings are uploaded first, before any key is recorded: a process that dies during an
    // upload sends the voice note next time. Keys follow the planned order, so a recording left
    // out moves no other key.
    const keyed: { key: string; message: PlannedMessage }[] = [];
    const mediaIds = new Map<PlannedMessage, { id: string; fresh: boolean }>();
    for (const [index, message] of batch.messages.entries()) {
      const key = kind === 'template' ? `${batch.causeId}:template` : `${batch.causeId}:${index}`;
      if (message.type === 'recording') {
        const media = await this.mediaFor(batch, message);
        if (media === 'leftOut') continue;
        if ('outcome' in media) return { outcome: 'failed', sent: 0, alreadySent: 0, failure: media };
        mediaIds.set(message, media);
      }
      keyed.push({ key, message });
    }
    return sendInOrder({
      ledger: this.options.ledger,
      logger: this.logger,
      now: this.now,
      retentionHours: this.options.retentionHours,
      conversationKey: batch.conversationKey,
      messages: keyed,
      recordsAtWire: true,
      send: async (planned, key, atWire): Promise<SendOutcome<GraphSendResult>> => {
        await atWire();
        if (planned.type !== 'recording') return this.post(batch, planned, key);
        const media = mediaIds.get(planned)!;
        const outcome = await this.post(batch, { type: 'audio', audio: { id: media.id } }, key);
        if (outcome.kind !== 'failed' || outcome.failure.outcome !== 'rejected' || media.fresh) return outcome;
        // Graph refused a remembered id (its 30 days are over, or the file is gone): uploaded again, sent once more.
        const { flowId, name } = planned.recording;
        this.logger.warn({ flowId, name, error: outcome.error }, 'Graph refused a remembered media id: uploading the recording again');
        this.options.media!.forget(batch.phoneNumberId, flowId, name);
        const again = await this.mediaFor(batch, planned);
        if (again === 'leftOut' || 'outcome' in again) return outcome;
        return this.post(batch, { type: 'audio', audio: { id: again.id } }, key);
      },
      label: 'WhatsApp',
      uncertainNote: ' (the status webhook will tell)',
      // Refs, not keys: a key begins with the wamid it answers, which encodes the subscriber's number.
      logKey: refOf,
    });
  }

  /**
   * A recording's media id, uploading it when needed; `leftOut` when it cannot go at all (no audio
   * store, the file removed, or a file Graph refuses: the rest of the reply still goes); Graph's
   * failure when it cannot take an upload now (the message is tried again later).
   */
  private async mediaFor(batch: OutboundBatch, planned: PlannedRecording): Promise<{ id: string; fresh: boolean } | 'leftOut' | GraphSendResult> {
    const { flowId, name } = planned.recording;
    if (!this.options.media) {
      this.logger.warn({ flowId, name }, 'no audio store: recorded prompt left out of the WhatsApp reply');
      return 'leftOut';
    }
    const resolved = await this.options.media.idFor(batch.phoneNumberId, flowId, name);
    switch (resolved.outcome) {
      case 'ready':
        return { id: resolved.id, fresh: resolved.fresh };
      case 'missing':
        this.logger.warn({ flowId, name, reason: resolved.reason }, 'recorded prompt left out of the WhatsApp reply');
        return 'leftOut';
      case 'rejected':
        this.logger.error({ flowId, name, status: resolved.status, error: resolved.message }, 'Graph refused the recording: left out of the WhatsApp reply');
        return 'leftOut';
      case 'uncertain':
        // An upload that timed out changes nothing a subscriber sees: it is simply done again.
        return { outcome: 'unavailable', message: `upload of ${name}: ${resolved.message}`, attempts: resolved.attempts };
      default:
        return { ...resolved, message: `upload of ${name}: ${resolved.message}` };
    }
  }

  private async post(batch: OutboundBatch, content: GraphMessageContent, key: string): Promise<SendOutcome<GraphSendResult>> {
    // The key travels as `biz_opaque_callback_data`: status webhooks tie Meta's wamid back to it.
    const request = { messaging_product: 'whatsapp', recipient_type: 'individual', ...graphAddressOf(batch.to), biz_opaque_callback_data: key, ...content } as GraphMessageRequest;
    const result = await this.options.graph.send(batch.phoneNumberId, request);
    switch (result.outcome) {
      case 'sent':
        return { kind: 'sent', platformId: result.wamid, attempts: result.attempts };
      case 'uncertain':
        return { kind: 'uncertain', attempts: result.attempts, error: result.message };
      default:
        return { kind: 'failed', attempts: result.attempts, error: result.message, failure: result, log: { outcome: result.outcome } };
    }
  }
}
