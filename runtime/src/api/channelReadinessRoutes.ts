import { Router } from 'express';
import { z } from 'zod';
import { routeDefiner } from './defineRoute.ts';
import type { ApiRegistry } from './openapi/apiRegistry.ts';

const ChannelReadiness = z.object({
  channel: z.enum(['voice', 'whatsapp', 'ussd', 'sms', 'telegram', 'messenger', 'botframework', 'webchat']),
  ready: z.boolean().describe('the channel can receive: what it needs to check its callers is set'),
  missing: z.array(z.string()).describe('environment variables to set (names only, never a value): the first ones stop it receiving, the others say what does not work yet'),
  notes: z
    .array(z.string())
    .describe(
      'what works partly, by code: `receiveOnly` (cannot send), `webhookOnly`, `websocketOnly`, `openToAnyone` (development), `linkDown` (SMS: configured, but the SMPP link to the SMSC is not bound now)',
    ),
  link: z.enum(['up', 'connecting', 'down']).optional().describe('SMS only, when configured: whether the SMPP link to the SMSC is bound now (this instance)'),
  urls: z.record(z.string(), z.string()).describe('the addresses to give the platform, with `<VARIABLE>` where its value goes'),
});

const set = (env: Record<string, string | undefined>, name: string) => (env[name] ?? '').trim() !== '';

/** The state of a link a channel keeps open itself (SMS's SMPP bind), as this instance sees it now. */
export type LinkState = 'up' | 'connecting' | 'down';

/**
 * Per channel, from the environment's names alone (and, for SMS, the link's state): can it
 * receive, what is missing, what to give the platform.
 */
export function channelReadiness(env: Record<string, string | undefined>, publicUrl: string, links: Partial<Record<string, LinkState>> = {}): Array<z.infer<typeof ChannelReadiness>> {
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
  // SMS: Griot binds out to the SMSC (nothing to give it but the account); it receives while the link is bound.
  const smsMissing = ['SMPP_URL', 'SMPP_SYSTEM_ID', 'SMPP_PASSWORD'].filter((name) => !has(name));
  const link = smsMissing.length === 0 ? (links.sms ?? 'down') : undefined;
  const sms = {
    channel: 'sms' as const,
    ready: link === 'up',
    missing: smsMissing,
    notes: link !== undefined && link !== 'up' ? ['linkDown'] : [],
    ...(link ? { link } : {}),
    urls: {},
  };
  // Telegram: without the bot's token every update is refused; in production without the webhook's secret too.
  const telegramSecret = has('TELEGRAM_WEBHOOK_SECRET');
  const telegram = {
    channel: 'telegram' as const,
    ready: has('TELEGRAM_BOT_TOKEN') && (telegramSecret || !production),
    missing: ['TELEGRAM_BOT_TOKEN', 'TELEGRAM_WEBHOOK_SECRET'].filter((name) => !has(name)),
    notes: !telegramSecret && !production ? ['openToAnyone'] : [],
    urls: { webhook: `${publicUrl}/telegram/webhook` },
  };
  // Messenger: as WhatsApp, every POST is refused without the app's secret.
  const messenger = {
    channel: 'messenger' as const,
    ready: has('MESSENGER_APP_SECRET'),
    missing: ['MESSENGER_APP_SECRET', 'MESSENGER_VERIFY_TOKEN', 'MESSENGER_PAGE_ACCESS_TOKEN'].filter((name) => !has(name)),
    notes: has('MESSENGER_APP_SECRET') && !has('MESSENGER_PAGE_ACCESS_TOKEN') ? ['receiveOnly'] : [],
    urls: { webhook: `${publicUrl}/messenger/webhook` },
  };
  // Bot Framework: the app id checks the channel's tokens; without it, anonymous outside production only.
  const appId = has('MicrosoftAppId') || has('clientId');
  const botframework = {
    channel: 'botframework' as const,
    ready: appId || !production,
    missing: appId ? (has('MicrosoftAppPassword') || has('clientSecret') ? [] : ['MicrosoftAppPassword']) : ['MicrosoftAppId', 'MicrosoftAppPassword', 'MicrosoftAppTenantId'],
    notes: !appId && !production ? ['openToAnyone'] : [],
    urls: { messaging: `${publicUrl}/api/messages` },
  };
  // Web chat: public by design, it needs nothing; each binding's page is its own address.
  const webchat = {
    channel: 'webchat' as const,
    ready: true,
    missing: [],
    notes: [],
    urls: { page: `${publicUrl}/chat/<bindingId>` },
  };
  return [voice, whatsapp, ussd, sms, telegram, messenger, botframework, webchat];
}

/**
 * `GET /api/bindings/readiness` (admin): whether each channel can receive, so the bindings page
 * can say that a WhatsApp binding receives nothing without WHATSAPP_APP_SECRET. Names variables,
 * never their values.
 */
export function channelReadinessRoutes(options: {
  env: Record<string, string | undefined>;
  publicUrl?: string;
  /** The links the mounted channels keep open, read at each request (SMS's SMPP bind). */
  links?: () => Partial<Record<string, LinkState>>;
  registry: ApiRegistry;
}): Router {
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
    ({ req }) => channelReadiness(options.env, options.publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`, options.links?.() ?? {}),
  );
  return router;
}
