import { z } from 'zod';
import { UssdRequest } from './ussdRequest.ts';

/**
 * The gateway's end-of-session notification (Africa's Talking posts it, form-encoded, to the
 * "events callback URL" once a session is over): `sessionId` and `status`: `Success` (the session
 * reached an `END`), `Incomplete` (it ended while a screen waited for an answer: the subscriber
 * cancelled, or the network timed out), `Failed` (the gateway ended it on an error of the
 * application's). Its other fields (`cost`, `durationInMillis`, `hopsCount`, `input`,
 * `lastAppResponse`, `errorMessage`…) are not read: `input` and `lastAppResponse` may hold what the
 * subscriber typed or was shown (a PUK code), and nothing here needs them.
 */
export const UssdEndNotice = z.object({
  sessionId: UssdRequest.shape.sessionId,
  // A status this version does not know is still the end of the session: kept, not refused.
  status: z
    .string()
    .trim()
    .regex(/^[A-Za-z_]{1,40}$/, "must be the session's final status (Success, Incomplete, Failed)"),
});
export type UssdEndNotice = z.infer<typeof UssdEndNotice>;
