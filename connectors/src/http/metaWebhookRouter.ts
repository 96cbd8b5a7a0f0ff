import { boundedBodyParser } from './boundedBodyParser.ts';
import express, { type Request, type Response, type Router } from 'express';
import { readJson } from './readJson.ts';
import { sameSecret } from './sameSecret.ts';
import { silentLogger, type ChannelLogger } from '../channel/ChannelLogger.ts';
import { refusalLogOf } from '../channel/refusalLog.ts';
import { verifySignature } from './verifySignature.ts';
import type { ClientView, HotHandler } from './HotRoutes.ts';
import { webhookHotPath } from './webhookHotPath.ts';
import { errorAnswer, sendWebhookAnswer, type WebhookAnswer } from './WebhookAnswer.ts';

/** Meta's notifications are a few kB. */
const DEFAULT_LIMIT = 1024 * 1024;

/** The options a Meta channel's host gives its webhook router. */
export interface MetaWebhookHostOptions<C extends string> {
  verifyToken?: string;
  appSecret?: string;
  /** The app secret being replaced (`<CHANNEL>_APP_SECRET_PREVIOUS`): its signatures are accepted too, during a rotation. */
  previousAppSecret?: string;
  logger?: ChannelLogger;
  /** Largest webhook body accepted, in bytes (1 MiB by default). */
  bodyLimit?: number;
  /** Told of every webhook refused for its signature (missing or not matching): the host counts them. */
  onSignatureFailure?: (failure: { channel: C; reason: string }) => void;
}

/** Where the Meta channels (WhatsApp, Messenger) differ behind the same handshake and signature. */
export interface MetaWebhookOptions<C extends string> extends MetaWebhookHostOptions<C> {
  /** The channel id: the path `/<channel>/webhook`, and the channel named to `onSignatureFailure`. */
  channel: C;
  /** The channel as people name it in logs and errors (`WhatsApp`). */
  label: string;
  /** The variable that configures the app secret, named when it is missing. */
  appSecretVariable: string;
  /** The router's own name, for the mounting mistake logged when the raw body is gone. */
  routerName: string;
  /** What a webhook body carries (`messages`, `events`), in the words of a 503. */
  carries: string;
  /**
   * Whether a JSON body parser mounted ahead may keep the raw bytes as `req.rawBody`
   * (WhatsApp); otherwise the router must come before any body parser.
   */
  acceptsKeptRawBody: boolean;
  /** Records a verified body durably; `busy` → 503. Rejects when it could not be recorded. */
  accept: (body: unknown) => Promise<{ status: string }>;
  /**
   * When a body could not be recorded because the store failed: its cause code, said once a
   * minute and counted by the channel (`StoreFailureLog`); undefined for any other error.
   */
  storeFailed?: (error: unknown, message: string) => string | undefined;
  /** The 200's body once recorded (Meta reads nothing from it; each channel keeps its own). */
  received: { contentType: string; body: string };
}

/**
 * `GET /<channel>/webhook`: Meta's subscription handshake. `POST /<channel>/webhook`: the signed
 * notifications. The signature (`X-Hub-Signature-256`, HMAC-SHA256 of the raw bytes with the app
 * secret) is checked on the raw bytes before anything is parsed or recorded, so this router reads
 * the body itself; without an app secret every POST is refused. A verified body is recorded
 * durably first (Meta never re-delivers what it had a 200 for), then Meta has its 200 and it is
 * processed in the background, in order per subscriber. When it cannot be recorded, the answer
 * is 503 and Meta re-delivers.
 */
export function metaWebhookRouter<C extends string>(options: MetaWebhookOptions<C>): Router {
  const logger = options.logger ?? silentLogger;
  const { channel, label } = options;
  const router = express.Router();

  router.get(`/${channel}/webhook`, (req: Request, res: Response) => {
    const mode = req.query['hub.mode'];
    const token = req.query['hub.verify_token'];
    const challenge = req.query['hub.challenge'];
    if (mode === 'subscribe' && typeof token === 'string' && typeof challenge === 'string' && sameSecret(token, options.verifyToken)) {
      res.status(200).type('text/plain').send(challenge);
      return;
    }
    res.status(403).type('text/plain').send('verification failed');
  });

  const answer = metaWebhookAnswer(options);
  router.post(
    `/${channel}/webhook`,
    boundedBodyParser(options.bodyLimit ?? DEFAULT_LIMIT, express.raw({ type: () => true, limit: options.bodyLimit ?? DEFAULT_LIMIT })),
    async (req: Request, res: Response) => {
      const raw = rawBodyOf(req, options.acceptsKeptRawBody);
      if (!raw) {
        const before = options.acceptsKeptRawBody ? 'express.json()' : 'any body parser';
        logger.error({}, `${label} webhook body was parsed before the signature check: mount ${options.routerName} before ${before}`);
        res.status(500).json({ error: { code: 'raw_body_unavailable', message: 'the raw body is needed to check the signature' } });
        return;
      }
      sendWebhookAnswer(res, await answer(raw, req.get('x-hub-signature-256'), req.ip));
    },
  );

  return router;
}

/**
 * The `POST /<channel>/webhook` of a Meta channel on its own hot path, ahead of express
 * (`HotRoutes`): the same answers as the router's, from the body read once.
 */
export function metaWebhookHotPath<C extends string>(options: MetaWebhookOptions<C>, client: ClientView): HotHandler {
  const answer = metaWebhookAnswer(options);
  return webhookHotPath(
    {
      path: `/${options.channel}/webhook`,
      limit: options.bodyLimit ?? DEFAULT_LIMIT,
      ...(options.logger ? { logger: options.logger } : {}),
      answer: (raw, req, ip) => {
        const signature = req.headers['x-hub-signature-256'];
        return answer(raw, Array.isArray(signature) ? signature.join(',') : signature, ip);
      },
    },
    client,
  );
}

/**
 * The answer to a notification from its raw bytes, whichever path read them: the signature
 * (`X-Hub-Signature-256`, HMAC-SHA256 with the app secret) checked before anything is parsed or
 * recorded, then one parse, then the durable record before the 200.
 */
function metaWebhookAnswer<C extends string>(options: MetaWebhookOptions<C>): (raw: Buffer, signature: string | undefined, ip: string | undefined) => Promise<WebhookAnswer> {
  const logger = options.logger ?? silentLogger;
  // Anyone can send forged notifications by the thousand: the first of each reason is logged, then a count a minute.
  const refusals = refusalLogOf(logger);
  const { channel, label } = options;
  const retry = { 'retry-after': '5' };
  const received: WebhookAnswer = { status: 200, body: options.received.body, contentType: options.received.contentType };
  return async (raw, signature, ip) => {
    if (!options.appSecret) {
      refusals.refused(channel, 'notConfigured', {}, `${options.appSecretVariable} is not set: every ${label} webhook is refused`, 'error');
      return errorAnswer(403, { code: 'not_configured', message: `${label} is not configured` });
    }
    if (!signature) {
      refusals.refused(channel, 'missing', { ip }, `${label} webhook without a signature refused`);
      options.onSignatureFailure?.({ channel, reason: 'missing' });
      return errorAnswer(401, { code: 'signature_missing', message: 'X-Hub-Signature-256 is required' });
    }
    // Both secrets checked, each in constant time, during a rotation (Meta signs with one of them).
    const current = verifySignature(raw, signature, options.appSecret);
    const previous = options.previousAppSecret !== undefined && verifySignature(raw, signature, options.previousAppSecret);
    if (!current && !previous) {
      refusals.refused(channel, 'mismatch', { ip }, `${label} webhook with a bad signature refused`);
      options.onSignatureFailure?.({ channel, reason: 'mismatch' });
      return errorAnswer(403, { code: 'signature_invalid', message: 'X-Hub-Signature-256 does not match the body' });
    }
    const reading = readJson(raw);
    if (!reading.ok) return errorAnswer(400, { code: reading.code, message: reading.message, field: 'body' });
    let result: { status: string };
    try {
      result = await options.accept(reading.value);
    } catch (error) {
      const told = `${label} ${options.carries} could not be recorded: answered 503 for Meta to re-deliver`;
      // The store failing answers every webhook so: said by its code once a minute, not once per request.
      if (!options.storeFailed?.(error, told)) logger.error({ error: error instanceof Error ? error.message : String(error) }, told);
      return errorAnswer(503, { code: 'store_unavailable', message: `the ${options.carries} could not be recorded; retry later` }, retry);
    }
    if (result.status === 'busy') return errorAnswer(503, { code: 'busy', message: 'too many messages waiting; retry later' }, retry);
    return received;
  };
}

function rawBodyOf(req: Request, acceptsKeptRawBody: boolean): Buffer | undefined {
  if (Buffer.isBuffer(req.body)) return req.body;
  // No body at all: nothing to parse, and its signature cannot match.
  if (req.body === undefined) return Buffer.alloc(0);
  if (!acceptsKeptRawBody) return undefined;
  const kept = (req as Request & { rawBody?: unknown }).rawBody;
  return Buffer.isBuffer(kept) ? kept : undefined;
}
