import { Router } from 'express';
import { z } from 'zod';
import { inboundRefOf } from '@griot/connectors';
import type { Store } from '../store/types.ts';
import { routeDefiner } from './defineRoute.ts';
import type { ApiRegistry } from './openapi/apiRegistry.ts';
import { inboundForReaders } from './inboundForReaders.ts';

const InboundQuery = z.object({
  state: z.enum(['failed', 'received', 'processed']).default('failed'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

const InboundMessageSchema = z.object({
  /** A web chat message's and conversation's: `webchat:<binding>:#<digest>…`, never the visitor's conversation id. */
  id: z.string(),
  /** What the logs name it by (they never carry the id: a WhatsApp message id encodes the sender's number). */
  ref: z.string(),
  channel: z.string(),
  conversationKey: z.string(),
  state: z.enum(['received', 'processed', 'failed']),
  attempts: z.number().int(),
  lastError: z.string().optional(),
  receivedAt: z.string(),
  updatedAt: z.string(),
  expiresAt: z.string().optional(),
});

/**
 * Operations' view of the messaging inbox: messages given up on (`failed`, after the attempts
 * allowed, with the last error), or still waiting to be processed. Never their content.
 */
export function createMessagingRoutes(store: Store, registry: ApiRegistry): Router {
  const router = Router();
  routeDefiner(router, registry)(
    {
      method: 'get',
      path: '/api/messaging/inbound',
      operationId: 'listInboundMessages',
      tag: 'messaging',
      access: ['admin'],
      summary: 'Inbound messages given up on (default), waiting, or processed; newest first, without content',
      query: InboundQuery,
      response: z.array(InboundMessageSchema),
    },
    async ({ query }) => {
      const records = await store.messaging.listInbound({ states: [query.state], limit: query.limit });
      return records.map((r) => ({
        // A web chat visitor's conversation id is their credential: a digest instead (`inboundForReaders`).
        ...inboundForReaders(r),
        ref: inboundRefOf(r.id),
        channel: r.channel,
        state: r.state,
        attempts: r.attempts,
        ...(r.lastError !== undefined ? { lastError: r.lastError } : {}),
        receivedAt: r.receivedAt,
        updatedAt: r.updatedAt,
        ...(r.expiresAt !== undefined ? { expiresAt: r.expiresAt } : {}),
      }));
    },
  );
  return router;
}
