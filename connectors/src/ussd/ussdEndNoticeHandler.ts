import type { Request, RequestHandler, Response } from 'express';
import type { ChannelLogger } from '../channel/ChannelLogger.ts';
import { UssdEndNotice } from './ussdEndNotice.ts';
import type { UssdSessionEnds } from './UssdSessionEnds.ts';

/**
 * `POST /ussd/events`, once the guard has let the request in and its form is read: 400 in plain
 * text when it is not an end-of-session notice (no `sessionId`, no `status`), else `200 ok`, once
 * applied or after `answerWithinMs` (the gateway wants a quick answer; the rest goes on after).
 * Never a 5xx: a notice that could not be applied leaves the contact to end when it expires, which
 * a 5xx would not change. Nothing of the form but the session id and status is logged (`input`
 * and `lastAppResponse` may hold a PUK code).
 */
export function ussdEndNoticeHandler(options: { ends: UssdSessionEnds; answerWithinMs: number; logger: ChannelLogger }): RequestHandler {
  return async (req: Request, res: Response) => {
    const plain = (status: number, text: string) => res.status(status).type('text/plain; charset=utf-8').send(text);
    const parsed = UssdEndNotice.safeParse(req.body ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      plain(400, `invalid ${issue?.path.join('.') || 'notice'}: ${issue?.message ?? 'not a USSD end-of-session notice'}`);
      return;
    }
    // A failure is logged by `receive` (the contact then ends when it expires).
    await options.ends.receive(parsed.data, options.answerWithinMs).catch(() => undefined);
    plain(200, 'ok');
  };
}
