import { UssdRequest, wellFormedUssdRequest } from './ussdRequest.ts';
import type { UssdSessions } from './UssdSessions.ts';

/** What a callback gets: a status and its `text/plain` body. */
export interface CallbackAnswer {
  status: number;
  text: string;
}

/**
 * The answer to a callback whose form is read: 400 naming the first bad field, else the
 * session's screen (`CON …`/`END …`), within the gateway's deadline counted from `receivedAt`.
 * The one path of the express route and of the hot path.
 */
export async function answerCallback(sessions: UssdSessions, fields: unknown, receivedAt: number): Promise<CallbackAnswer> {
  const request = typeof fields === 'object' && fields !== null ? wellFormedUssdRequest(fields as Record<string, unknown>) : undefined;
  if (request) return { status: 200, text: await sessions.answer(request, Date.now() - receivedAt) };
  // Something is off: zod says what, as it always did.
  const parsed = UssdRequest.safeParse(fields ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { status: 400, text: `invalid ${issue?.path.join('.') || 'request'}: ${issue?.message ?? 'not a USSD callback'}` };
  }
  return { status: 200, text: await sessions.answer(parsed.data, Date.now() - receivedAt) };
}
