import { Router } from 'express';
import { z } from 'zod';
import { routeDefiner } from './defineRoute.ts';
import type { ApiRegistry } from './openapi/apiRegistry.ts';

const ChannelReadiness = z.object({
  channel: z.enum(['voice', 'whatsapp', 'ussd']),
  ready: z.boolean().describe('the channel can receive: what it needs to check its callers is set'),
  missing: z.array(z.string()).describe('environment variables to set (names only, never a value): the first ones stop it receiving, the others say what does not work yet'),
  notes: z.array(z.string()).describe('what works partly, by code: `receiveOnly` (cannot send), `webhookOnly`, `websocketOnly`, `openToAnyone` (development)'),
  urls: z.record(z.string(), z.string()).describe('the addresses to give the platform, with `<VARIABLE>` where its value goes'),
});

const set = (env: Record<string, string | undefined>, name: string) => (env[name] ?? '').trim() !== '';

/** Per channel, from the environment's names alone: can it receive, what is missing, what to give the platform. */
export function channelReadiness(env: Record<string, string | undefined>, publicUrl: string): Array<z.infer<typeof ChannelReadiness>> {
  const has = (name: string) => set(env, name);
  const webhook = has('JAMBONZ_WEBHOOK_SECRET');
  const socket = has('JAMBONZ_WS_USERNAME') && has('JAMBONZ_WS_PASSWORD');
  const voice = {
    channel: 'voice' as const,
    ready: webhook || socket,
    missing: webhook || socket ? [] : ['JAMBONZ_WEBHOOK_SECRET'],
    notes: webhook && !socket ? ['webhookOnly'] : socket && !webhook ? ['websocketOnly'] : [],
    urls: { webhook: `${publicUrl}/jambonz/call`, websocket: `${publicUrl.replace(/^http/, 'ws')}/jambonz/ws` },
  };
  const whatsappMissing = ['WHATSAPP_APP_SECRET', 'WHATSAPP_VERIFY_TOKEN', 'WHATSAPP_ACCESS_TOKEN'].filter((name) => !has(name));
  const whatsapp = {
    channel: 'whatsapp' as const,
    // Meta signs every webhook with the app's secret: without it, every message is refused (403).
    ready: has('WHATSAPP_APP_SECRET'),
    missing: whatsappMissing,
    notes: has('WHATSAPP_APP_SECRET') && !has('WHATSAPP_ACCESS_TOKEN') ? ['receiveOnly'] : [],
    urls: { webhook: `${publicUrl}/whatsapp/webhook` },
  };
  const token = has('USSD_CALLBACK_TOKEN');
  const production = env.NODE_ENV === 'production';
  const ussd = {
    channel: 'ussd' as const,
    ready: token || has('USSD_ALLOWED_IPS') || !production,
    missing: token ? [] : ['USSD_CALLBACK_TOKEN'],
    notes: !token && !has('USSD_ALLOWED_IPS') && !production ? ['openToAnyone'] : [],
    urls: token
      ? { callback: `${publicUrl}/ussd?token=<USSD_CALLBACK_TOKEN>`, events: `${publicUrl}/ussd/events?token=<USSD_CALLBACK_TOKEN>` }
      : { callback: `${publicUrl}/ussd`, events: `${publicUrl}/ussd/events` },
  };
  return [voice, whatsapp, ussd];
}

/**
 * `GET /api/bindings/readiness` (admin): whether each channel can receive, so the bindings page
 * can say that a WhatsApp binding receives nothing without WHATSAPP_APP_SECRET. Names variables,
 * never their values.
 */
export function channelReadinessRoutes(options: { env: Record<string, string | undefined>; publicUrl?: string; registry: ApiRegistry }): Router {
  const router = Router();
  const route = routeDefiner(router, options.registry);
  route(
    {
      method: 'get',
      path: '/api/bindings/readiness',
      operationId: 'getChannelReadiness',
      summary: 'Per channel: ready to receive, or the environment variables missing (names, never values), and the addresses to give the platform',
      tag: 'bindings',
      access: ['admin'],
      response: z.array(ChannelReadiness),
    },
    ({ req }) => channelReadiness(options.env, options.publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`),
  );
  return router;
}
