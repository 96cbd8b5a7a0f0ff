import type { Router } from 'express';
import { metaWebhookRouter, type MetaWebhookHostOptions } from '../http/metaWebhookRouter.ts';
import type { MessengerChannel } from './MessengerChannel.ts';

export interface MessengerRouterOptions extends MetaWebhookHostOptions<'messenger'> {
  channel: MessengerChannel;
}

/**
 * `GET /messenger/webhook`: Meta's subscription handshake. `POST /messenger/webhook`: the Page's
 * signed events, under the same signature scheme as WhatsApp's (see `metaWebhookRouter`). Mount
 * it before any body parser. Meta has `EVENT_RECEIVED` once the events are recorded.
 */
export function messengerRouter(options: MessengerRouterOptions): Router {
  const { channel, ...host } = options;
  return metaWebhookRouter({
    ...host,
    channel: 'messenger',
    label: 'Messenger',
    appSecretVariable: 'MESSENGER_APP_SECRET',
    routerName: 'messengerRouter',
    carries: 'events',
    acceptsKeptRawBody: false,
    accept: (body) => channel.accept(body),
    received: { contentType: 'text/plain', body: 'EVENT_RECEIVED' },
  });
}
