import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { secretGuessesFromEnv, type SecretGuesses } from '../http/SecretGuesses.ts';
import { silentLogger, type ChannelLogger } from '../channel/ChannelLogger.ts';
import { markRefusal, refusalLogOf } from '../channel/refusalLog.ts';
import { boundedBodyParser } from '../http/boundedBodyParser.ts';
import { answerCallback } from './answerCallback.ts';
import { checkUssdAccess, type UssdRefusal } from './ussdAccess.ts';
import type { UssdConfig } from './ussdConfig.ts';
import { ussdEndNoticeHandler } from './ussdEndNoticeHandler.ts';
import type { UssdSessionEnds } from './UssdSessionEnds.ts';
import type { UssdSessions } from './UssdSessions.ts';

export interface UssdRouterOptions {
  sessions: UssdSessions;
  /** The gateway's end-of-session notices (`POST /ussd/events`): absent, that route is not served. */
  ends?: UssdSessionEnds;
  config: UssdConfig;
  logger?: ChannelLogger;
  onRefused?: (reason: UssdRefusal['reason']) => void;
  /** Wrong tokens per address (`GRIOT_SECRET_GUESSES_*`), shared by the hot path and the router; absent: the defaults. */
  guesses?: SecretGuesses;
}

/** The gateway's form: a few short fields; anything bigger is not a USSD callback. */
export const FORM_LIMIT_BYTES = 8 * 1024;
export const FORM_PARAMETER_LIMIT = 20;
const NOT_A_FORM = 'the body must be a USSD gateway form (application/x-www-form-urlencoded)';
const form = express.urlencoded({ extended: false, limit: FORM_LIMIT_BYTES, parameterLimit: FORM_PARAMETER_LIMIT });

/**
 * `POST /ussd`, the gateway's callback: checked (address, token) before its body is read, the
 * form parsed, answered `text/plain` with `CON …` (a screen waiting for an answer) or `END …`.
 * Bad input is a 4xx in plain text; a failure inside Griot is a polite `END` (the subscriber reads it).
 * Where the host has hot routes, `ussdHotPath` answers the usual callbacks ahead of express
 * (the same checks and answers); this route takes the rest (another body encoding or charset).
 * `POST /ussd/events` takes the gateway's end-of-session notification (`ussdEndNoticeHandler`).
 */
export function ussdRouter(options: UssdRouterOptions): Router {
  const logger = options.logger ?? silentLogger;
  const guesses = options.guesses ?? secretGuessesFromEnv({});
  const router = express.Router();
  const plain = (res: Response, status: number, text: string) => res.status(status).type('text/plain; charset=utf-8').send(text);

  const guard = (req: Request, res: Response, next: NextFunction) => {
    // The gateway's clock runs from here: reading the form counts against its deadline too.
    res.locals.receivedAt = Date.now();
    const token = req.query.token;
    const refusal = checkUssdAccess(
      { ip: req.ip ?? req.socket.remoteAddress, queryToken: typeof token === 'string' ? token : undefined, authorization: req.get('authorization') },
      options.config,
      guesses,
    );
    if (!refusal) {
      next();
      return;
    }
    options.onRefused?.(refusal.reason);
    refusalLogOf(logger).refused('ussd', refusal.reason, {}, 'USSD callback refused');
    markRefusal(res);
    if (refusal.retryAfterSeconds) res.setHeader('retry-after', String(refusal.retryAfterSeconds));
    plain(res, refusal.status, refusal.status === 401 ? 'unauthorized' : refusal.status === 429 ? 'too many wrong tokens' : 'forbidden');
  };

  // Too big (declared, or chunked past the limit): refused at once, the connection closed after the answer.
  const boundedForm = boundedBodyParser(FORM_LIMIT_BYTES, form, (res) => plain(res, 413, NOT_A_FORM));
  const readForm = (req: Request, res: Response, next: NextFunction) => {
    void boundedForm(req, res, (error?: unknown) => {
      if (!error) {
        next();
        return;
      }
      const status = (error as { status?: number }).status;
      plain(res, typeof status === 'number' && status >= 400 && status < 500 ? status : 400, NOT_A_FORM);
    });
  };

  router.post('/ussd', guard, readForm, async (req: Request, res: Response) => {
    const answer = await answerCallback(options.sessions, req.body, res.locals.receivedAt as number);
    plain(res, answer.status, answer.text);
  });

  // The gateway's end-of-session notification, behind the same guard and form limits.
  if (options.ends) router.post('/ussd/events', guard, readForm, ussdEndNoticeHandler({ ends: options.ends, answerWithinMs: options.config.answerWithinMs, logger }));

  return router;
}
