import type { Router } from 'express';
import type { ClientView, HotHandler } from '../http/HotRoutes.ts';
import { metaWebhookHotPath, metaWebhookRouter, type MetaWebhookHostOptions, type MetaWebhookOptions } from '../http/metaWebhookRouter.ts';
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
  return metaWebhookRouter(messengerWebhook(options));
}

/** `POST /messenger/webhook` ahead of express (`HotRoutes`), answered as `messengerRouter` answers it. */
export function messengerHotPath(options: MessengerRouterOptions, client: ClientView): HotHandler {
  return metaWebhookHotPath(messengerWebhook(options), client);
}

function messengerWebhook(options: MessengerRouterOptions): MetaWebhookOptions<'messenger'> {
  const { channel, ...host } = options;
  return {
    ...host,
    channel: 'messenger',
    label: 'Messenger',
    appSecretVariable: 'MESSENGER_APP_SECRET',
    routerName: 'messengerRouter',
    carries: 'events',
    acceptsKeptRawBody: false,
    accept: (body) => channel.accept(body),
    storeFailed: (error, message) => channel.storeFailed?.(error, message),
    received: { contentType: 'text/plain', body: 'EVENT_RECEIVED' },
  };
}
