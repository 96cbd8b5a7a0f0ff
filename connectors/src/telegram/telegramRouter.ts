import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { readJson } from '../http/readJson.ts';
import { silentLogger, type ChannelLogger } from '../channel/ChannelLogger.ts';
import type { TelegramChannel } from './TelegramChannel.ts';

export interface TelegramRouterOptions {
  /** Absent when TELEGRAM_BOT_TOKEN is not set: every update is refused (nothing could answer it). */
  channel?: TelegramChannel;
  /** TELEGRAM_WEBHOOK_SECRET, the `secret_token` given to setWebhook. */
  secret?: string;
  production: boolean;
  logger?: ChannelLogger;
  bodyLimit?: string;
  onSignatureFailure?: (failure: { channel: 'telegram'; reason: string }) => void;
}

/** Telegram's header carrying the webhook's `secret_token`. */
export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/**
 * `POST /telegram/webhook`: the updates Telegram pushes once `setWebhook` points it here. Each
 * carries the webhook's secret in `X-Telegram-Bot-Api-Secret-Token`, compared in constant time
 * before the body is read; in production, without TELEGRAM_WEBHOOK_SECRET every update is
 * refused. A checked update is recorded durably before Telegram has its 200: Telegram keeps
 * re-delivering until it gets a 2xx, and forgets what it got one for. The 200 has an empty body:
 * Telegram would run a method named in a JSON answer.
 */
export function telegramRouter(options: TelegramRouterOptions): Router {
  const logger = options.logger ?? silentLogger;
  const router = express.Router();
  const expected = options.secret ? digest(options.secret) : undefined;
  if (!options.secret && !options.production && options.channel) {
    logger.warn({}, 'TELEGRAM_WEBHOOK_SECRET is not set: Telegram updates are taken without a secret (refused in production)');
  }

  router.post('/telegram/webhook', express.raw({ type: () => true, limit: options.bodyLimit ?? '1mb' }), async (req: Request, res: Response) => {
    if (!options.channel) {
      res.status(403).json({ error: { code: 'not_configured', message: 'Telegram is not configured' } });
      return;
    }
    if (!expected && options.production) {
      logger.error({}, 'TELEGRAM_WEBHOOK_SECRET is not set: every Telegram update is refused');
      res.status(403).json({ error: { code: 'not_configured', message: 'Telegram is not configured' } });
      return;
    }
    if (expected) {
      const given = req.get(SECRET_HEADER);
      if (!given) {
        options.onSignatureFailure?.({ channel: 'telegram', reason: 'missing' });
        res.status(401).json({ error: { code: 'secret_missing', message: 'X-Telegram-Bot-Api-Secret-Token is required' } });
        return;
      }
      // Digests of equal length: neither the secret nor its length leaks through the timing.
      if (!timingSafeEqual(digest(given), expected)) {
        logger.warn({ ip: req.ip }, 'Telegram update with a wrong secret token refused');
        options.onSignatureFailure?.({ channel: 'telegram', reason: 'mismatch' });
        res.status(403).json({ error: { code: 'secret_invalid', message: 'X-Telegram-Bot-Api-Secret-Token does not match' } });
        return;
      }
    }
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const reading = readJson(raw);
    if (!reading.ok) {
      res.status(400).json({ error: { code: reading.code, message: reading.message, field: 'body' } });
      return;
    }
    let result: Awaited<ReturnType<TelegramChannel['accept']>>;
    try {
      result = await options.channel.accept(reading.value);
    } catch (error) {
      logger.error({ error: error instanceof Error ? error.message : String(error) }, 'a Telegram update could not be recorded: answered 503 for Telegram to re-deliver');
      res
        .status(503)
        .set('retry-after', '5')
        .json({ error: { code: 'store_unavailable', message: 'the update could not be recorded; retry later' } });
      return;
    }
    if (result.status === 'busy') {
      res
        .status(503)
        .set('retry-after', '5')
        .json({ error: { code: 'busy', message: 'too many updates waiting; retry later' } });
      return;
    }
    res.writeHead(200).end();
  });

  return router;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
