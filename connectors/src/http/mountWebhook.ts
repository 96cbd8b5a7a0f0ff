import type { Router } from 'express';
import type { ChannelHost } from '../channel/Channel.ts';
import type { ClientView, HotHandler } from './HotRoutes.ts';

/**
 * A platform's webhook on the host: ahead of express when the host allows it (`hotRoutes`), and the
 * router for what the hot path leaves (Meta's verification handshake, other methods).
 */
export function mountWebhook(host: ChannelHost, webhook: { router: Router; hotPath: (client: ClientView) => HotHandler }): void {
  if (host.hotRoutes) host.hotRoutes.add(webhook.hotPath(host.hotRoutes.client));
  host.router.use(webhook.router);
}
