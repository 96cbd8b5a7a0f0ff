import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

/**
 * Takes a request (answering it) or returns false to leave it to the application. Gets node's
 * own request and response: no express objects, no middleware.
 */
export type HotHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

/** Who sent a request, and over which protocol. */
export interface ClientView {
  ip(req: IncomingMessage): string | undefined;
  protocol(req: IncomingMessage): string;
}

const socketView: ClientView = {
  ip: (req) => req.socket.remoteAddress,
  protocol: (req) => ('encrypted' in req.socket && req.socket.encrypted ? 'https' : 'http'),
};

/**
 * Requests answered ahead of the application: the channels' webhooks, which jambonz or Meta
 * send by the hundred per second, bring their own credentials (a signature over the raw body)
 * and need nothing of the API's stack. Walking express's router (request log, health routes,
 * body parsers, every router before the channel's) cost a third of a signed voice webhook's CPU
 * (bench/README.md). A handler takes only the exact paths it knows; anything else, including
 * odd spellings of the same paths, goes on to the application as before.
 */
export class HotRoutes {
  private readonly handlers: HotHandler[] = [];

  /**
   * @param client Who sent a request and over which protocol, as the application sees it (the
   *   runtime passes express's own `req.ip` and `req.protocol`, which honour `GRIOT_TRUST_PROXY`);
   *   by default the socket's peer and whether it is TLS.
   */
  constructor(readonly client: ClientView = socketView) {}

  add(handler: HotHandler): void {
    this.handlers.push(handler);
  }

  /** The server's request listener: the hot handlers first, then `fallback` (the express app). */
  listener(fallback: RequestListener): RequestListener {
    const handlers = this.handlers;
    return (req, res) => {
      for (const handler of handlers) if (handler(req, res)) return;
      fallback(req, res);
    };
  }
}
