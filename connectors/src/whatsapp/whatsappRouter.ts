import { timingSafeEqual } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { readJson } from '../http/readJson.ts';
import { silentLogger, type ChannelLogger } from '../channel/ChannelLogger.ts';
import { verifySignature } from './verifySignature.ts';
import type { WhatsAppChannel } from './WhatsAppChannel.ts';

export interface WhatsAppRouterOptions {
  channel: WhatsAppChannel;
  verifyToken?: string;
  appSecret?: string;
  logger?: ChannelLogger;
  /** Largest webhook body accepted. */
  bodyLimit?: string;
  /** Told of every webhook refused for its signature (missing or not matching): the host counts them. */
  onSignatureFailure?: (failure: { channel: 'whatsapp'; reason: string }) => void;
}

/**
 * `GET /whatsapp/webhook`: Meta's subscription handshake. `POST /whatsapp/webhook`: the signed
 * notifications. The signature is checked on the raw bytes, so this router reads the body
 * itself: mount it before any JSON body parser (or have that parser keep `req.rawBody`).
 * A verified body's messages are recorded durably first (Meta never re-delivers what it had a
 * 200 for), then Meta has its 200 and they are processed in the background, in order per
 * subscriber. When they cannot be recorded, the answer is 503 and Meta re-delivers.
 */
export function whatsappRouter(options: WhatsAppRouterOptions): Router {
  const logger = options.logger ?? silentLogger;
  const router = express.Router();

  router.get('/whatsapp/webhook', (req: Request, res: Response) => {
    const mode = req.query['hub.mode'];
    const token = req.query['hub.verify_token'];
    const challenge = req.query['hub.challenge'];
    if (mode === 'subscribe' && typeof token === 'string' && typeof challenge === 'string' && sameSecret(token, options.verifyToken)) {
      res.status(200).type('text/plain').send(challenge);
      return;
    }
    res.status(403).type('text/plain').send('verification failed');
  });

  router.post('/whatsapp/webhook', express.raw({ type: () => true, limit: options.bodyLimit ?? '1mb' }), async (req: Request, res: Response) => {
    const raw = rawBodyOf(req);
    if (!raw) {
      logger.error({}, 'WhatsApp webhook body was parsed before the signature check: mount whatsappRouter before express.json()');
      res.status(500).json({ error: { code: 'raw_body_unavailable', message: 'the raw body is needed to check the signature' } });
      return;
    }
    const signature = req.get('x-hub-signature-256');
    if (!options.appSecret) {
      logger.error({}, 'WHATSAPP_APP_SECRET is not set: every WhatsApp webhook is refused');
      res.status(403).json({ error: { code: 'not_configured', message: 'WhatsApp is not configured' } });
      return;
    }
    if (!signature) {
      options.onSignatureFailure?.({ channel: 'whatsapp', reason: 'missing' });
      res.status(401).json({ error: { code: 'signature_missing', message: 'X-Hub-Signature-256 is required' } });
      return;
    }
    if (!verifySignature(raw, signature, options.appSecret)) {
      logger.warn({ ip: req.ip }, 'WhatsApp webhook with a bad signature refused');
      options.onSignatureFailure?.({ channel: 'whatsapp', reason: 'mismatch' });
      res.status(403).json({ error: { code: 'signature_invalid', message: 'X-Hub-Signature-256 does not match the body' } });
      return;
    }
    const reading = readJson(raw);
    if (!reading.ok) {
      res.status(400).json({ error: { code: reading.code, message: reading.message, field: 'body' } });
      return;
    }
    let result: Awaited<ReturnType<WhatsAppChannel['accept']>>;
    try {
      result = await options.channel.accept(reading.value);
    } catch (error) {
      logger.error({ error: error instanceof Error ? error.message : String(error) }, 'WhatsApp messages could not be recorded: answered 503 for Meta to re-deliver');
      res
        .status(503)
        .set('retry-after', '5')
        .json({ error: { code: 'store_unavailable', message: 'the messages could not be recorded; retry later' } });
      return;
    }
    if (result.status === 'busy') {
      res
        .status(503)
        .set('retry-after', '5')
        .json({ error: { code: 'busy', message: 'too many messages waiting; retry later' } });
      return;
    }
    // Written directly: on the path of every message, express's send (ETag hashing…) is not needed.
    res.writeHead(200, { 'content-type': 'application/json' }).end(RECEIVED);
  });

  return router;
}

const RECEIVED = '{"received":true}';

function rawBodyOf(req: Request): Buffer | undefined {
  if (Buffer.isBuffer(req.body)) return req.body;
  // No body at all: nothing to parse, and its signature cannot match.
  if (req.body === undefined) return Buffer.alloc(0);
  const kept = (req as Request & { rawBody?: unknown }).rawBody;
  return Buffer.isBuffer(kept) ? kept : undefined;
}

function sameSecret(given: string, expected: string | undefined): boolean {
  if (!expected) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
