import { z } from 'zod';

/**
 * One gateway callback, as Africa's Talking sends it (`application/x-www-form-urlencoded`):
 * `sessionId`, `serviceCode` (`*919#`), `phoneNumber` (E.164), `networkCode`, and `text`, every
 * answer of the session so far joined by `*` (empty on the first request). Other fields are ignored.
 */
const SESSION_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const SERVICE_CODE = /^[*#]?[0-9*#]{1,30}$/;
const PHONE_NUMBER = /^\+?[0-9]{6,15}$/;
const NETWORK_CODE_MAX = 20;
// Screens are short and so are answers; a whole session's worth stays well under this.
const TEXT_MAX = 2000;

export const UssdRequest = z.object({
  sessionId: z.string().trim().regex(SESSION_ID, "must be the gateway's session id (letters, digits, . _ : -)"),
  serviceCode: z.string().trim().regex(SERVICE_CODE, 'must be a service code such as *919#'),
  phoneNumber: z.string().trim().regex(PHONE_NUMBER, "must be the subscriber's number"),
  networkCode: z.string().trim().max(NETWORK_CODE_MAX).optional(),
  text: z.string().max(TEXT_MAX).default(''),
});
export type UssdRequest = z.infer<typeof UssdRequest>;

/**
 * A form `UssdRequest` accepts, as it would give it, read without zod's machinery (every screen
 * comes through here: its parse allocates a few objects per field); undefined when any field is
 * off, for `UssdRequest` to say which.
 */
export function wellFormedUssdRequest(fields: Readonly<Record<string, unknown>>): UssdRequest | undefined {
  const { sessionId, serviceCode, phoneNumber, networkCode, text } = fields;
  if (typeof sessionId !== 'string' || typeof serviceCode !== 'string' || typeof phoneNumber !== 'string') return undefined;
  if (networkCode !== undefined && (typeof networkCode !== 'string' || networkCode.trim().length > NETWORK_CODE_MAX)) return undefined;
  if (text !== undefined && (typeof text !== 'string' || text.length > TEXT_MAX)) return undefined;
  const request: UssdRequest = { sessionId: sessionId.trim(), serviceCode: serviceCode.trim(), phoneNumber: phoneNumber.trim(), text: text ?? '' };
  if (!SESSION_ID.test(request.sessionId) || !SERVICE_CODE.test(request.serviceCode) || !PHONE_NUMBER.test(request.phoneNumber)) return undefined;
  if (networkCode !== undefined) request.networkCode = networkCode.trim();
  return request;
}

/** The answers in `text`, oldest first (`1*00*2` → 1, then 00, then 2; empty: none yet). */
export function answersOf(text: string): string[] {
  return text === '' ? [] : text.split('*');
}
