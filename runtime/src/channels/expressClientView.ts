import type { IncomingMessage } from 'node:http';
import type { Express } from 'express';
import type { ClientView } from '@griot/connectors';

type TrustFn = (address: string | undefined, hop: number) => boolean;

/**
 * `req.ip` and `req.protocol` for requests answered ahead of express (channel webhooks), read
 * through express's own getters so that `GRIOT_TRUST_PROXY` means the same on both paths. The
 * protocol is read on every webhook: when the peer is not a trusted proxy (the default) it is
 * the socket's, without building express's view of the request.
 */
export function expressClientView(app: Express): ClientView {
  // express's request prototype (its getters and `get`) over the node request's socket and headers.
  const view = (req: IncomingMessage) =>
    Object.create(app.request, { socket: { value: req.socket }, connection: { value: req.socket }, headers: { value: req.headers } }) as { ip: string | undefined; protocol: string };
  return {
    ip: (req) => view(req).ip,
    protocol: (req) => {
      const trust = app.get('trust proxy fn') as TrustFn;
      if (!trust(req.socket.remoteAddress, 0)) return 'encrypted' in req.socket && req.socket.encrypted ? 'https' : 'http';
      return view(req).protocol;
    },
  };
}
