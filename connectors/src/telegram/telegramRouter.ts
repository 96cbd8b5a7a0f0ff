import { createHash, timingSafeEqual } from 'node:crypto';
import { boundedBodyParser } from '../http/boundedBodyParser.ts';
import express, { type Request, type Response, type Router } from 'express';
import { readJson } from '../http/readJson.ts';
import { silentLogger, type ChannelLogger } from '../channel/ChannelLogger.ts';
import { refusalLogOf } from '../channel/refusalLog.ts';
import type { TelegramChannel } from './TelegramChannel.ts';
import type { ClientView, HotHandler } from '../http/HotRoutes.ts';
import { webhookHotPath } from '../http/webhookHotPath.ts';
import { errorAnswer, sendWebhookAnswer, type WebhookAnswer } from '../http/WebhookAnswer.ts';
import { guessRefusalWhy, secretGuessesFromEnv, TELEGRAM_SOURCE_RANGES, type SecretGuesses } from '../http/SecretGuesses.ts';

/** Telegram's updates are a few kB. */
const DEFAULT_LIMIT = 1024 * 1024;

export interface TelegramRouterOptions {
  /** Absent when TELEGRAM_BOT_TOKEN is not set: every update is refused (nothing could answer it). */
  channel?: TelegramChannel;
  /** TELEGRAM_WEBHOOK_SECRET, the `secret_token` given to setWebhook. */
  secret?: string;
  /** TELEGRAM_WEBHOOK_SECRET_PREVIOUS: also accepted while the secret is rotated. */
  previousSecret?: string;
  production: boolean;
  logger?: ChannelLogger;
  /** Largest update accepted, in bytes (1 MiB by default). */
  bodyLimit?: number;
  onSignatureFailure?: (failure: { channel: 'telegram'; reason: string }) => void;
  /** Wrong secrets per address (`GRIOT_SECRET_GUESSES_*`, Telegram's own ranges never throttled); absent: the defaults. */
  guesses?: SecretGuesses;
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
  const router = express.Router();
  const webhook = telegramWebhook(options);
  if (!options.secret && !options.production && options.channel) {
    (options.logger ?? silentLogger).warn({}, 'TELEGRAM_WEBHOOK_SECRET is not set: Telegram updates are taken without a secret (refused in production)');
  }
  router.post(
    '/telegram/webhook',
    boundedBodyParser(options.bodyLimit ?? DEFAULT_LIMIT, express.raw({ type: () => true, limit: options.bodyLimit ?? DEFAULT_LIMIT })),
    async (req: Request, res: Response) => {
      const refused = webhook.precheck(req.get(SECRET_HEADER), req.ip);
      if (refused) {
        sendWebhookAnswer(res, refused);
        return;
      }
      sendWebhookAnswer(res, await webhook.answer(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)));
    },
  );
  return router;
}

/** `POST /telegram/webhook` ahead of express (`HotRoutes`): the secret checked before the body is read, then as `telegramRouter`. */
export function telegramHotPath(options: TelegramRouterOptions, client: ClientView): HotHandler {
  const webhook = telegramWebhook(options);
  return webhookHotPath(
    {
      path: '/telegram/webhook',
      limit: options.bodyLimit ?? DEFAULT_LIMIT,
      ...(options.logger ? { logger: options.logger } : {}),
      precheck: (req, ip) => {
        const given = req.headers[SECRET_HEADER];
        return webhook.precheck(Array.isArray(given) ? given.join(',') : given, ip);
      },
      answer: (raw) => webhook.answer(raw),
    },
    client,
  );
}

/** What both paths answer: a refusal from the secret header alone, then the answer to a body. */
function telegramWebhook(options: TelegramRouterOptions): {
  precheck(given: string | undefined, ip: string | undefined): WebhookAnswer | undefined;
  answer(raw: Buffer): Promise<WebhookAnswer>;
} {
  const logger = options.logger ?? silentLogger;
  // Anyone can send forged updates by the thousand: the first of each reason is logged, then a count a minute.
  const refusals = refusalLogOf(logger);
  const expected = options.secret ? digest(options.secret) : undefined;
  const previous = expected && options.previousSecret ? digest(options.previousSecret) : undefined;
  const notConfigured = errorAnswer(403, { code: 'not_configured', message: 'Telegram is not configured' });
  const retry = { 'retry-after': '5' };
  const guesses = options.guesses ?? secretGuessesFromEnv({}, TELEGRAM_SOURCE_RANGES);
  return {
    precheck(given, ip) {
      if (!options.channel) return notConfigured;
      if (!expected && options.production) {
        refusals.refused('telegram', 'notConfigured', {}, 'TELEGRAM_WEBHOOK_SECRET is not set: every Telegram update is refused', 'error');
        return notConfigured;
      }
      if (!expected) return undefined;
      // An address that sent too many wrong secrets is refused before its secret is compared (Telegram's own never is).
      const refused = guesses.refusalOf(ip);
      if (refused) {
        refusals.refused('telegram', refused.reason, { ip }, `Telegram update refused: ${guessRefusalWhy[refused.reason]}`);
        options.onSignatureFailure?.({ channel: 'telegram', reason: refused.reason });
        return errorAnswer(429, { code: 'too_many_guesses', message: 'too many wrong secret tokens from this address; retry later' }, { 'retry-after': String(refused.seconds) });
      }
      if (!given) {
        refusals.refused('telegram', 'missing', { ip }, 'Telegram update without a secret token refused');
        options.onSignatureFailure?.({ channel: 'telegram', reason: 'missing' });
        return errorAnswer(401, { code: 'secret_missing', message: 'X-Telegram-Bot-Api-Secret-Token is required' });
      }
      // Digests of equal length: neither the secret nor its length leaks through the timing.
      const givenDigest = digest(given);
      const current = timingSafeEqual(givenDigest, expected);
      const old = previous !== undefined && timingSafeEqual(givenDigest, previous);
      if (!current && !old) {
        refusals.refused('telegram', 'mismatch', { ip }, 'Telegram update with a wrong secret token refused');
        options.onSignatureFailure?.({ channel: 'telegram', reason: 'mismatch' });
        guesses.failed(ip);
        return errorAnswer(403, { code: 'secret_invalid', message: 'X-Telegram-Bot-Api-Secret-Token does not match' });
      }
      guesses.succeeded(ip);
      return undefined;
    },
    async answer(raw) {
      const channel = options.channel;
      if (!channel) return notConfigured;
      const reading = readJson(raw);
      if (!reading.ok) return errorAnswer(400, { code: reading.code, message: reading.message, field: 'body' });
      let result: Awaited<ReturnType<TelegramChannel['accept']>>;
      try {
        result = await channel.accept(reading.value);
      } catch (error) {
        const told = 'a Telegram update could not be recorded: answered 503 for Telegram to re-deliver';
        // The store failing answers every update so: said by its code once a minute, not once per request.
        if (!channel.storeFailed?.(error, told)) logger.error({ error: error instanceof Error ? error.message : String(error) }, told);
        return errorAnswer(503, { code: 'store_unavailable', message: 'the update could not be recorded; retry later' }, retry);
      }
      if (result.status === 'busy') return errorAnswer(503, { code: 'busy', message: 'too many updates waiting; retry later' }, retry);
      return { status: 200 };
    },
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
