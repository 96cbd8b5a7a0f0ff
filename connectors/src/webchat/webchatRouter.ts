import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { jsonBody } from '../http/jsonBody.ts';
import type { InboundContent } from '../messaging/inbound.ts';
import type { MessagingConversations } from '../messaging/MessagingConversations.ts';
import { channelCapabilities, renderReplies, systemTexts, type Reply } from '@griot/flows';
import { WrittenTexts } from '../channel/WrittenTexts.ts';
import { silentLogger, type ChannelLogger } from '../channel/ChannelLogger.ts';
import type { BindingDirectory } from '../channel/ConversationPort.ts';
import type { ChannelMetrics } from '../channel/Channel.ts';
import type { ChannelRateLimits, RateRefusal } from '../channel/ChannelRateLimits.ts';
import { webchatBudgets, type WebchatLimits } from './webchatLimits.ts';

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

/**
 * The page runs its own script only. Its styles are inline in the page; prompts' audio may be
 * hosted anywhere. `frame-ancestors` is added per router: the sites that embed the chat.
 */
const WEBCHAT_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data:",
  "media-src 'self' https: http:",
  "style-src 'self' 'unsafe-inline'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

const page = readFileSync(new URL('./chatPage.html', import.meta.url), 'utf8');
const script = readFileSync(new URL('./chatPage.js', import.meta.url), 'utf8');

/**
 * The web chat: `GET /chat/:bindingId` serves a small page (plain HTML and JavaScript, no build)
 * that talks to `POST /chat/:bindingId/messages` and shows menus as buttons. Only bindings of
 * the `webchat` channel are served.
 */
export function webchatRouter(options: WebchatRouterOptions): Router {
  const logger = options.logger ?? silentLogger;
  const router = express.Router();
  /** System texts in the flow's written language for a visitor whose language has only recordings (Fon). */
  const written = new WrittenTexts((locale) => systemTexts(locale));

  router.get('/chat/assets/chat.js', (_req: Request, res: Response) => {
    res.type('text/javascript').set('cache-control', 'public, max-age=300').send(script);
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
      let refusal: RateRefusal | null;
      try {
        refusal = await rates.take(webchatBudgets(budgets, rates.addressOf(req.ip), request.conversationId ? `${binding.id}:${request.conversationId}` : undefined));
      } catch (error) {
        logger.error({ error: error instanceof Error ? error.message : String(error) }, 'web chat limits unavailable');
        res
          .status(503)
          .set('retry-after', '5')
          .json({ error: { code: 'chat_unavailable', message: 'the web chat cannot take messages now: try again in a few seconds' }, retryAfterSeconds: 5 });
        return;
      }
      if (refusal) {
        const { budget, retryAfterSeconds } = refusal;
        options.metrics?.requestThrottled?.({ channel: 'webchat', limit: budget });
        res
          .status(429)
          .set('retry-after', String(retryAfterSeconds))
          .json({ error: { code: 'chat_throttled', message: `too many messages (${budget}): try again in ${retryAfterSeconds} seconds` }, limit: budget, retryAfterSeconds });
        return;
      }
    }
    // A first message sent again (a retry after a lost answer) must land in the same conversation.
    const conversationId = request.conversationId ?? (request.messageId ? conversationIdFor(binding.id, request.messageId) : randomUUID());
    const content: InboundContent = request.open
      ? { kind: 'open' }
      : { kind: 'event', event: request.option ? { type: 'choice', option: request.option } : { type: 'text', text: request.text as string } };
    const conversation = `${binding.id}:${conversationId}`;
    let replies: Reply[] = [];
    let ended = false;
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
        const flowId = outcome.turn.session?.flowId ?? binding.flowId;
        const base = (options.publicBaseUrl ?? '').replace(/\/+$/, '');
        replies = renderReplies(outcome.turn.effects ?? [], {
          capabilities: channelCapabilities.webchat,
          // A relative URL works on the page itself when no public URL is configured.
          audioUrl: (name) => `${base}/audio/${encodeURIComponent(flowId)}/${name.split('/').map(encodeURIComponent).join('/')}`,
          // A language without written words (Fon) has its menus labelled in the flow's default language.
          texts: (locale) => written.for(binding.address, locale, written.learn(binding.address, outcome.turn.flow?.locales)),
        }).replies;
      }
    } catch (error) {
      // The conversation id is the visitor's credential: the log gets a digest of it (as the runtime's key lines do).
      logger.error({ conversation: `#${createHash('sha256').update(conversation).digest('hex').slice(0, 10)}`, error: error instanceof Error ? error.message : String(error) }, 'web chat turn failed');
      replies = [{ type: 'text', text: written.for(binding.address, options.conversations.localeOf(`webchat:${conversation}`)).technicalProblem }];
    }
    res.json({ conversationId, replies, ended });
  });

  return router;
}

/**
 * The conversation a first message opens, derived from its id: as unguessable as the random
 * message id the page made, and the same for a retry of that message.
 */
function conversationIdFor(bindingId: string, messageId: string): string {
  const hex = createHash('sha256').update(`${bindingId}\n${messageId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
