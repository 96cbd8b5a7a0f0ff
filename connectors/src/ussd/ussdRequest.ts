import { z } from 'zod';

/**
 * One gateway callback, as Africa's Talking sends it (`application/x-www-form-urlencoded`):
 * `sessionId`, `serviceCode` (`*919#`), `phoneNumber` (E.164), `networkCode`, and `text`, every
 * answer of the session so far joined by `*` (empty on the first request). Other fields are ignored.
 */
export const UssdRequest = z.object({
  sessionId: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._:-]{1,128}$/, "must be the gateway's session id (letters, digits, . _ : -)"),
  serviceCode: z
    .string()
    .trim()
    .regex(/^[*#]?[0-9*#]{1,30}$/, 'must be a service code such as *919#'),
  phoneNumber: z
    .string()
    .trim()
    .regex(/^\+?[0-9]{6,15}$/, "must be the subscriber's number"),
  networkCode: z.string().trim().max(20).optional(),
  // Screens are short and so are answers; a whole session's worth stays well under this.
  text: z.string().max(2000).default(''),
});
export type UssdRequest = z.infer<typeof UssdRequest>;

/** The answers in `text`, oldest first (`1*00*2` → 1, then 00, then 2; empty: none yet). */
export function answersOf(text: string): string[] {
  return text === '' ? [] : text.split('*');
}
