import { timingSafeEqual } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { readJson } from '../http/readJson.ts';
import { silentLogger, type ChannelLogger } from '../channel/ChannelLogger.ts';
import { verifySignature } from '../whatsapp/verifySignature.ts';
import type { AcceptResult, MessengerChannel } from './MessengerChannel.ts';

export interface MessengerRouterOptions {
  channel: MessengerChannel;
  verifyToken?: string;
  appSecret?: string;
  logger?: ChannelLogger;
  /** Largest webhook body accepted. */
  bodyLimit?: string;
  /** Told of every webhook refused for its signature (missing or not matching): the host counts them. */
  onSignatureFailure?: (failure: { channel: 'messenger'; reason: string }) => void;
}

/**
 * `GET /messenger/webhook`: Meta's subscription handshake. `POST /messenger/webhook`: the
 * Page's signed events. The signature (`X-Hub-Signature-256`, HMAC-SHA256 of the raw bytes with
 * the app secret, the same scheme as WhatsApp's) is checked before anything is parsed or
 * recorded; without an app secret every POST is refused. A verified body's events are recorded
 * durably first (Meta does not re-deliver what it had a 200 for), then Meta has its 200 and
 * they are processed in the background, in order per subscriber. When they cannot be recorded
 * the answer is 503, and Meta re-delivers.
 */
export function messengerRouter(options: MessengerRouterOptions): Router {
  const logger = options.logger ?? silentLogger;
  const router = express.Router();

  router.get('/messenger/webhook', (req: Request, res: Response) => {
    const mode = req.query['hub.mode'];
    const token = req.query['hub.verify_token'];
    const challenge = req.query['hub.challenge'];
    if (mode === 'subscribe' && typeof token === 'string' && typeof challenge === 'string' && sameSecret(token, options.verifyToken)) {
      res.status(200).type('text/plain').send(challenge);
      return;
    }
    res.status(403).type('text/plain').send('verification failed');
  });

  router.post('/messenger/webhook', express.raw({ type: () => true, limit: options.bodyLimit ?? '1mb' }), async (req: Request, res: Response) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : req.body === undefined ? Buffer.alloc(0) : undefined;
    if (!raw) {
      logger.error({}, 'Messenger webhook body was parsed before the signature check: mount messengerRouter before any body parser');
      res.status(500).json({ error: { code: 'raw_body_unavailable', message: 'the raw body is needed to check the signature' } });
      return;
    }
    if (!options.appSecret) {
      logger.error({}, 'MESSENGER_APP_SECRET is not set: every Messenger webhook is refused');
      res.status(403).json({ error: { code: 'not_configured', message: 'Messenger is not configured' } });
      return;
    }
    const signature = req.get('x-hub-signature-256');
    if (!signature) {
      options.onSignatureFailure?.({ channel: 'messenger', reason: 'missing' });
      res.status(401).json({ error: { code: 'signature_missing', message: 'X-Hub-Signature-256 is required' } });
      return;
    }
    if (!verifySignature(raw, signature, options.appSecret)) {
      logger.warn({ ip: req.ip }, 'Messenger webhook with a bad signature refused');
      options.onSignatureFailure?.({ channel: 'messenger', reason: 'mismatch' });
      res.status(403).json({ error: { code: 'signature_invalid', message: 'X-Hub-Signature-256 does not match the body' } });
      return;
    }
    const reading = readJson(raw);
    if (!reading.ok) {
      res.status(400).json({ error: { code: reading.code, message: reading.message, field: 'body' } });
      return;
    }
    let result: AcceptResult;
    try {
      result = await options.channel.accept(reading.value);
    } catch (error) {
      logger.error({ error: error instanceof Error ? error.message : String(error) }, 'Messenger events could not be recorded: answered 503 for Meta to re-deliver');
      res
        .status(503)
        .set('retry-after', '5')
        .json({ error: { code: 'store_unavailable', message: 'the events could not be recorded; retry later' } });
      return;
    }
    if (result.status === 'busy') {
      res
        .status(503)
        .set('retry-after', '5')
        .json({ error: { code: 'busy', message: 'too many messages waiting; retry later' } });
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' }).end('EVENT_RECEIVED');
  });

  return router;
}

function sameSecret(given: string, expected: string | undefined): boolean {
  if (!expected) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
