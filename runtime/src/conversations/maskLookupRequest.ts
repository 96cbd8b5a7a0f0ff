import { MASK, ownValue, type Flow, type Session, type WebhookEffect } from '@griot/flows';
import { sensitiveNamesOf } from '../sensitive/sensitiveNames.ts';
import { maskMessageText } from '../sensitive/maskMessageText.ts';
import { isSecretKey, maskSecretKeyedText } from '../sensitive/sensitiveKeys.ts';

/** A header that only names a server secret (`Bearer {{secret.OPERATOR_API_TOKEN}}`): nothing to hide. */
const ONLY_SECRET_NAME = /^\s*(?:[A-Za-z]+\s+)?\{\{secret\.[A-Za-z0-9_]+\}\}\s*$/;

/** Each string and number a sensitive value holds, as text, 4 characters or more (shorter ones match by chance). */
function piecesOf(value: unknown, out: Set<string>): void {
  if (typeof value === 'string' || typeof value === 'number') {
    const text = String(value).trim();
    if (text.length >= 4) out.add(text);
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) piecesOf(item, out);
  }
}

/**
 * A look-up's request as a tester may read it in the simulator (the `webhook` effect of a preview
 * turn): the values of the session's sensitive variables the flow put in the URL, a header or the
 * body masked (the session shown beside it masks them too), a header named like a credential
 * (`X-Api-Key`, `Authorization`) masked unless it only names a server secret
 * (`{{secret.NAME}}`, which the effect never holds the value of), and `pin=…`, `"otp": "…"` under
 * a secret's key in the URL and the body.
 */
export function maskLookupRequest(flow: Flow, session: Session, effect: WebhookEffect): WebhookEffect {
  const pieces = new Set<string>();
  for (const name of sensitiveNamesOf(flow)) piecesOf(ownValue(session.vars, name), pieces);
  const values = [...pieces];
  const text = (t: string) => maskSecretKeyedText(values.length > 0 ? maskMessageText(t, values, { codes: false }) : t);
  const headers = Object.fromEntries(Object.entries(effect.headers).map(([name, value]) => [name, isSecretKey(name) && !ONLY_SECRET_NAME.test(value) ? MASK : text(value)]));
  return { ...effect, url: text(effect.url), headers, ...(effect.body !== undefined ? { body: text(effect.body) } : {}) };
}
