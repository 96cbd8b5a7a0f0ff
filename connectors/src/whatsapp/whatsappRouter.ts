import type { Router } from 'express';
import type { ClientView, HotHandler } from '../http/HotRoutes.ts';
import { metaWebhookHotPath, metaWebhookRouter, type MetaWebhookHostOptions, type MetaWebhookOptions } from '../http/metaWebhookRouter.ts';
import type { WhatsAppChannel } from './WhatsAppChannel.ts';

export interface WhatsAppRouterOptions extends MetaWebhookHostOptions<'whatsapp'> {
  channel: WhatsAppChannel;
}

/**
 * `GET /whatsapp/webhook`: Meta's subscription handshake. `POST /whatsapp/webhook`: the signed
 * notifications (see `metaWebhookRouter`). Mount it before any JSON body parser, or have that
 * parser keep `req.rawBody`. Meta has `{"received":true}` once the messages are recorded.
 */
export function whatsappRouter(options: WhatsAppRouterOptions): Router {
  return metaWebhookRouter(whatsappWebhook(options));
}

/** `POST /whatsapp/webhook` ahead of express (`HotRoutes`), answered as `whatsappRouter` answers it. */
export function whatsappHotPath(options: WhatsAppRouterOptions, client: ClientView): HotHandler {
  return metaWebhookHotPath(whatsappWebhook(options), client);
}

function whatsappWebhook(options: WhatsAppRouterOptions): MetaWebhookOptions<'whatsapp'> {
  const { channel, ...host } = options;
  return {
    ...host,
    channel: 'whatsapp',
    label: 'WhatsApp',
    appSecretVariable: 'WHATSAPP_APP_SECRET',
    routerName: 'whatsappRouter',
    carries: 'messages',
    acceptsKeptRawBody: true,
    accept: (body) => channel.accept(body),
    storeFailed: (error, message) => channel.storeFailed?.(error, message),
    received: { contentType: 'application/json', body: '{"received":true}' },
  };
}
