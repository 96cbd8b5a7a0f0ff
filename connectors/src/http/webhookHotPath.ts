import type { IncomingMessage } from 'node:http';
import { silentLogger, type ChannelLogger } from '../channel/ChannelLogger.ts';
import { isMarkedRefusal } from '../channel/refusalLog.ts';
import type { ClientView, HotHandler } from './HotRoutes.ts';
import { readRawBody } from './readRawBody.ts';
import { errorAnswer, sendWebhookAnswer, type WebhookAnswer } from './WebhookAnswer.ts';

/** A webhook slower than this still gets its request line (the others are not logged). */
export const SLOW_WEBHOOK_MS = 250;

/** One channel's `POST` webhook as the hot path serves it; the express route answers the same. */
export interface RawWebhook {
  /** The exact path (`/whatsapp/webhook`); any other spelling goes on to express. */
  path: string;
  /** Largest body read, in bytes (413 past it). */
  limit: number;
  logger?: ChannelLogger;
  /** A refusal decided from the headers alone, before the body is read (Telegram's secret token). */
  precheck?(req: IncomingMessage, ip: string | undefined): WebhookAnswer | undefined;
  /** The answer to a body, from its raw bytes (signature, parse, durable record). */
  answer(raw: Buffer, req: IncomingMessage, ip: string | undefined): Promise<WebhookAnswer>;
}

/**
 * A channel's webhook on node's own request and response, ahead of express (`HotRoutes`): the
 * body read once into one buffer, handed to the same `answer` as the express route. A request
 * it does not take (another method or path spelling, a compressed body, which express inflates
 * or refuses with 415) goes on to express. The request line is written for 5xx and slow
 * webhooks only; refusals are logged where they are decided.
 */
export function webhookHotPath(hook: RawWebhook, client: ClientView): HotHandler {
  const log = hook.logger ?? silentLogger;
  return (req, res) => {
    if (req.method !== 'POST') return false;
    const url = req.url ?? '';
    const q = url.indexOf('?');
    if ((q === -1 ? url : url.slice(0, q)) !== hook.path) return false;
    const encoding = req.headers['content-encoding'];
    if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return false;
    const started = performance.now();
    const ip = client.ip(req);
    const refused = hook.precheck?.(req, ip);
    if (refused) {
      // Nothing of the body is kept: node drains it once the answer is sent.
      sendWebhookAnswer(res, refused);
      return true;
    }
    readRawBody(req, res, hook.limit, (raw) => {
      if (raw === undefined) {
        sendWebhookAnswer(res, errorAnswer(413, { code: 'entity_too_large', message: 'request entity too large', field: 'body' }));
        return;
      }
      hook.answer(raw, req, ip).then(
        (answer) => {
          sendWebhookAnswer(res, answer);
          const ms = performance.now() - started;
          // A slow refusal is not a line each either (a flood slows everything): its `RefusalLog` has it.
          if ((ms >= SLOW_WEBHOOK_MS && !isMarkedRefusal(res)) || answer.status >= 500)
            log.info({ method: 'POST', path: hook.path, status: answer.status, durationMs: Math.round(ms * 10) / 10 }, 'request');
        },
        (error: unknown) => {
          log.error({ err: error, method: 'POST', path: hook.path }, 'unhandled error');
          if (!res.headersSent) sendWebhookAnswer(res, errorAnswer(500, { code: 'internal', message: 'an unexpected error happened; it has been logged' }));
        },
      );
    });
    return true;
  };
}
