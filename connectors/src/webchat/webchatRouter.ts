import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { jsonBody } from '../http/jsonBody.ts';
import type { InboundContent } from '../messaging/inbound.ts';
import type { MessagingConversations } from '../messaging/MessagingConversations.ts';
import type { Reply } from '@griot/flows';
import { silentLogger, type ChannelLogger } from '../channel/ChannelLogger.ts';
import type { BindingDirectory } from '../channel/ConversationPort.ts';
import type { ChannelMetrics } from '../channel/Channel.ts';
import type { ChannelRateLimits, RateRefusal } from '../channel/ChannelRateLimits.ts';
import { webchatBudgets, webchatPollBudgets, type WebchatLimits } from './webchatLimits.ts';
import type { WebchatOutbox } from './webchatOutbox.ts';
import { WebchatRendering } from './webchatRendering.ts';
import { WebchatWaits } from './webchatWaits.ts';

export interface WebchatRouterOptions {
  conversations: MessagingConversations;
  bindings: BindingDirectory;
  publicBaseUrl?: string;
  logger?: ChannelLogger;
  /** Conversations per address, messages per address and per conversation (absent: unlimited, in tests of other things). */
  limits?: { rates: ChannelRateLimits; budgets: WebchatLimits };
  metrics?: ChannelMetrics;
  /** The sites that may frame the page (`frame-ancestors` sources, `readWebchatFrameAncestors`); any (`*`) when absent. */
  frameAncestors?: string;
  /**
   * Where the replies are kept for the page (a turn's, for a retried message; an agent's, for the
   * long poll). Absent: a retried message gets no replies and there is no `/updates` route.
   */
  outbox?: WebchatOutbox;
  /** Shared with the channel's `replies` (the bot's turn after an agent hands back). */
  rendering?: WebchatRendering;
  /** Long polls waiting at once on this instance, per address and per conversation. */
  waits?: { perInstance: number; perAddress: number; perConversation: number; seconds: number };
  /** Aborted when the channel closes: waiting polls are answered at once, so the server's stop does not wait for them. */
  closing?: AbortSignal;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One message from the page: text typed, a button's option id, or the page opening. */
const ChatRequest = z
  .object({
    /**
     * Absent on the first request: the server gives one (unguessable: it is the conversation's
     * only key), always a UUID. Any other spelling is refused: the id is also who the visitor is
     * to the flow, and one such as `---…-002290197000001` read as a subscriber's phone number.
     */
    conversationId: z.string().regex(UUID).optional(),
    /**
     * Unique per message, so a retried request is processed once; a random UUID, because a first
     * message's id also names the conversation it opens (a retry must land in it): ids such as
     * "1" from two visitors would put them in one conversation.
     */
    messageId: z.string().regex(UUID, 'messageId must be a random UUID, made anew for each message and sent again unchanged on a retry').optional(),
    text: z.string().min(1).max(4096).optional(),
    option: z.string().min(1).max(256).optional(),
    open: z.literal(true).optional(),
  })
  .strict()
  .refine((r) => [r.text, r.option, r.open].filter((v) => v !== undefined).length === 1, 'send exactly one of text, option or open');

/** The page asking what was pushed to its conversation after the last entry it has. */
const UpdatesRequest = z
  .object({
    /** The conversation's only key, as in a message: who does not know it reads nothing. */
    conversationId: z.string().regex(UUID),
    /** The last `seq` the page has (0: none yet). */
    after: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
    /** How long to wait for something new (the route's limit at most); 0 answers at once. */
    waitSeconds: z.number().int().min(0).max(60).optional(),
  })
  .strict();

/**
 * The page runs its own script and its own style sheet only (no inline style: an injected
 * `<style>` or `style=` does not apply); prompts' audio may be hosted anywhere. `frame-ancestors` is added per router: the sites that embed the chat.
 */
const WEBCHAT_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data:",
  "media-src 'self' https: http:",
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

const page = readFileSync(new URL('./chatPage.html', import.meta.url), 'utf8');
const script = readFileSync(new URL('./chatPage.js', import.meta.url), 'utf8');
const styles = readFileSync(new URL('./chatPage.css', import.meta.url), 'utf8');

/**
 * The web chat: `GET /chat/:bindingId` serves a small page (plain HTML and JavaScript, no build)
 * that talks to `POST /chat/:bindingId/messages` and shows menus as buttons. Only bindings of
 * the `webchat` channel are served.
 */
export function webchatRouter(options: WebchatRouterOptions): Router {
  const logger = options.logger ?? silentLogger;
  /**
   * Takes a request's budgets (messages or polls) before anything is read or written: answers 429
   * with Retry-After when one is spent, 503 when the counters cannot be reached; true when it answered.
   */
  const refusedOverBudget = async (res: Response, take: () => Promise<RateRefusal | null>, what: 'messages' | 'polls'): Promise<boolean> => {
    let refusal: RateRefusal | null;
    try {
      refusal = await take();
    } catch (error) {
      // The store failing (its counters live there): said by its code once a minute and counted, else logged as it came.
      if (!options.conversations.storeFailed(error, 'webchat', {}, 'web chat limits unavailable, answered 503 for the page to try again'))
        logger.error({ error: error instanceof Error ? error.message : String(error) }, 'web chat limits unavailable');
      const message = what === 'messages' ? 'the web chat cannot take messages now: try again in a few seconds' : 'the web chat cannot be read now: try again in a few seconds';
      res
        .status(503)
        .set('retry-after', '5')
        .json({ error: { code: 'chat_unavailable', message }, retryAfterSeconds: 5 });
      return true;
    }
    if (!refusal) return false;
    const { budget, retryAfterSeconds } = refusal;
    options.metrics?.requestThrottled?.({ channel: 'webchat', limit: budget });
    res
      .status(429)
      .set('retry-after', String(retryAfterSeconds))
      .json({ error: { code: 'chat_throttled', message: `too many ${what} (${budget}): try again in ${retryAfterSeconds} seconds` }, limit: budget, retryAfterSeconds });
    return true;
  };
  const router = express.Router();
  const rendering = options.rendering ?? new WebchatRendering(options.publicBaseUrl);
  const { outbox } = options;

  router.get('/chat/assets/chat.js', (_req: Request, res: Response) => {
    res.type('text/javascript').set('cache-control', 'public, max-age=300').send(script);
  });

  router.get('/chat/assets/chat.css', (_req: Request, res: Response) => {
    res.type('text/css').set('cache-control', 'public, max-age=300').send(styles);
  });

  router.get('/chat/:bindingId', async (req: Request, res: Response) => {
    const binding = await options.bindings.getBinding(String(req.params.bindingId));
    if (binding?.channel !== 'webchat') {
      res.status(404).type('text/plain').send('no web chat here');
      return;
    }
    res
      .type('text/html')
      .set('content-security-policy', `${WEBCHAT_CONTENT_SECURITY_POLICY}; frame-ancestors ${options.frameAncestors ?? '*'}`)
      .send(page);
  });

  router.post('/chat/:bindingId/messages', jsonBody({ limit: '16kb' }), async (req: Request, res: Response) => {
    const binding = await options.bindings.getBinding(String(req.params.bindingId));
    if (binding?.channel !== 'webchat') {
      res.status(404).json({ error: { code: 'binding_not_found', message: 'no web chat binding with this id' } });
      return;
    }
    const parsed = ChatRequest.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      res.status(400).json({ error: { code: 'invalid_request', message: issue?.message ?? 'invalid', field: issue?.path.join('.') } });
      return;
    }
    const request = parsed.data;
    // Before anything is written or run: a flood costs a counter's write, then (refused) nothing at all.
    if (options.limits) {
      const { rates, budgets } = options.limits;
      const conversation = request.conversationId ? `${binding.id}:${request.conversationId}` : undefined;
      if (await refusedOverBudget(res, () => rates.take(webchatBudgets(budgets, rates.addressOf(req.ip), conversation)), 'messages')) return;
    }
    // A first message sent again (a retry after a lost answer) must land in the same conversation.
    const conversationId = request.conversationId ?? (request.messageId ? conversationIdFor(binding.id, request.messageId) : randomUUID());
    const content: InboundContent = request.open
      ? { kind: 'open' }
      : { kind: 'event', event: request.option ? { type: 'choice', option: request.option } : { type: 'text', text: request.text as string } };
    const conversation = `${binding.id}:${conversationId}`;
    let replies: Reply[] = [];
    let ended = false;
    // The conversation's language after the turn: the page speaks it (its button, its placeholder).
    let locale: string | undefined;
    const turnKey = request.messageId ? `turn:${request.messageId}` : undefined;
    try {
      const outcome = await options.conversations.receiveOnce(
        {
          channel: 'webchat',
          address: binding.address,
          from: conversationId,
          conversation,
          messageId: `${conversation}:${request.messageId ?? randomUUID()}`,
          sentAt: new Date().toISOString(),
          content,
        },
        binding,
      );
      if (outcome.kind === 'turn') {
        ended = outcome.turn.session?.status === 'ended';
        locale = outcome.turn.session?.locale;
        const flowId = outcome.turn.session?.flowId ?? binding.flowId;
        const effects = outcome.turn.effects ?? [];
        replies = rendering.replies(binding.address, effects, flowId, outcome.turn.flow?.locales);
        // Kept for a retry of this message (its answer lost on the way): it gets these replies again,
        // those that held a sensitive value only while the contact lives (masked after it).
        if (outbox) {
          // A new contact in a conversation whose last one is over (inactivity): nothing that one was told stays in clear.
          if (outcome.started && request.conversationId) {
            await outbox.contactOver(conversation).catch((error: unknown) => {
              logger.warn(
                { conversation: digestOf(conversation), error: error instanceof Error ? error.message : String(error) },
                'web chat live replies of the previous contact not dropped (they expire)',
              );
            });
          }
          const kept = rendering.kept(binding.address, effects, flowId, outcome.turn.flow?.locales);
          await outbox.append(conversation, turnKey ?? `turn:${randomUUID()}`, 'turn', replies, ended, kept).catch((error: unknown) => {
            logger.warn({ conversation: digestOf(conversation), error: error instanceof Error ? error.message : String(error) }, 'web chat replies not kept for a retry');
          });
        }
      } else if (outcome.kind === 'duplicate' && outbox && turnKey) {
        // Already answered: the same replies again (an answer lost on the way must not leave the page empty).
        const earlier = await outbox.find(conversation, turnKey);
        if (earlier) {
          ended = earlier.ended === true;
          replies = earlier.replies;
          locale = options.conversations.localeOf(`webchat:${conversation}`);
        }
      }
    } catch (error) {
      // The conversation id is the visitor's credential: the log gets a digest of it (as the runtime's key lines do).
      const details = { conversation: digestOf(conversation) };
      if (!options.conversations.storeFailed(error, 'webchat', details, 'web chat turn failed, the visitor told of a technical problem'))
        logger.error({ ...details, error: error instanceof Error ? error.message : String(error) }, 'web chat turn failed');
      replies = [{ type: 'text', text: rendering.texts(binding.address, options.conversations.localeOf(`webchat:${conversation}`)).technicalProblem }];
    }
    res.json({ conversationId, replies, ended, ...(locale ? { locale } : {}) });
  });

  if (outbox) {
    const limits = options.waits ?? { perInstance: 1000, perAddress: 100, perConversation: 2, seconds: 25 };
    const waits = new WebchatWaits(outbox, limits);
    /**
     * The page's long poll: what was pushed to its conversation (an agent's words…) after the last
     * entry it has, at once, or within `seconds` as it comes. The same proof as a message: the
     * conversation id under this binding; an id nobody was given has nothing to read (404).
     */
    router.post('/chat/:bindingId/updates', jsonBody({ limit: '1kb' }), async (req: Request, res: Response) => {
      res.set('cache-control', 'no-store');
      const binding = await options.bindings.getBinding(String(req.params.bindingId));
      if (binding?.channel !== 'webchat') {
        res.status(404).json({ error: { code: 'binding_not_found', message: 'no web chat binding with this id' } });
        return;
      }
      const parsed = UpdatesRequest.safeParse(req.body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        res.status(400).json({ error: { code: 'invalid_request', message: issue?.message ?? 'invalid', field: issue?.path.join('.') } });
        return;
      }
      const { conversationId, after } = parsed.data;
      const conversation = `${binding.id}:${conversationId}`;
      // Each poll reads the store: an address gets a budget of them, as for messages.
      let address = req.ip ?? '';
      if (options.limits) {
        const { rates, budgets } = options.limits;
        const polling = rates.addressOf(req.ip);
        address = polling;
        if (await refusedOverBudget(res, () => rates.take(webchatPollBudgets(budgets, polling)), 'polls')) return;
      }
      const closed = new AbortController();
      res.on('close', () => closed.abort());
      const stop = options.closing ? AbortSignal.any([closed.signal, options.closing]) : closed.signal;
      try {
        const answer = await waits.next(conversation, after, Math.min(parsed.data.waitSeconds ?? limits.seconds, limits.seconds), stop, address);
        if (answer.kind === 'unknown') {
          res.status(404).json({ error: { code: 'conversation_not_found', message: 'no web chat conversation with this id here' } });
          return;
        }
        if (answer.kind === 'busy') {
          res
            .status(429)
            .set('retry-after', '5')
            .json({ error: { code: 'chat_throttled', message: 'too many pages waiting: try again in 5 seconds' }, limit: answer.limit, retryAfterSeconds: 5 });
          return;
        }
        // `ended`: the bot's turn after an agent ended the conversation (the page says so).
        res.json({ messages: answer.entries.map(({ id, seq, at, replies, ended }) => ({ id, seq, at, replies, ...(ended ? { ended } : {}) })), last: answer.last });
      } catch (error) {
        logger.error({ conversation: digestOf(conversation), error: error instanceof Error ? error.message : String(error) }, 'web chat updates unavailable');
        if (!res.headersSent) {
          res
            .status(503)
            .set('retry-after', '5')
            .json({ error: { code: 'chat_unavailable', message: 'the web chat cannot be read now: try again in a few seconds' }, retryAfterSeconds: 5 });
        }
      }
    });
  }

  return router;
}

const digestOf = (conversation: string) => `#${createHash('sha256').update(conversation).digest('hex').slice(0, 10)}`;

/**
 * The conversation a first message opens, derived from its id: as unguessable as the random
 * message id the page made, and the same for a retry of that message.
 */
function conversationIdFor(bindingId: string, messageId: string): string {
  const hex = createHash('sha256').update(`${bindingId}\n${messageId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
