import type { Router } from 'express';
import { metaWebhookRouter, type MetaWebhookHostOptions } from '../http/metaWebhookRouter.ts';
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
  const { channel, ...host } = options;
  return metaWebhookRouter({
    ...host,
    channel: 'whatsapp',
    label: 'WhatsApp',
    appSecretVariable: 'WHATSAPP_APP_SECRET',
    routerName: 'whatsappRouter',
    carries: 'messages',
    acceptsKeptRawBody: true,
    accept: (body) => channel.accept(body),
    received: { contentType: 'application/json', body: '{"received":true}' },
  });
}
