import { MASK, type Flow, type Session, type WebhookEffect } from '@griot/flows';
import { sensitiveValuesOf } from '../sensitive/holdsSensitiveValue.ts';
import { maskMessageText } from '../sensitive/maskMessageText.ts';
import { isSecretKey, maskSecretKeyedText } from '../sensitive/sensitiveKeys.ts';

/** A header that only names a server secret (`Bearer {{secret.OPERATOR_API_TOKEN}}`): nothing to hide. */
const ONLY_SECRET_NAME = /^\s*(?:[A-Za-z]+\s+)?\{\{secret\.[A-Za-z0-9_]+\}\}\s*$/;

/**
 * A look-up's request as a tester may read it in the simulator (the `webhook` effect of a preview
 * turn): the values of the session's sensitive variables the flow put in the URL, a header or the
 * body masked (the session shown beside it masks them too), a header named like a credential
 * (`X-Api-Key`, `Authorization`) masked unless it only names a server secret
 * (`{{secret.NAME}}`, which the effect never holds the value of), and `pin=…`, `"otp": "…"` under
 * a secret's key in the URL and the body.
 */
export function maskLookupRequest(flow: Flow, session: Session, effect: WebhookEffect): WebhookEffect {
  const values = sensitiveValuesOf(flow, [session]);
  const text = (t: string) => maskSecretKeyedText(values.length > 0 ? maskMessageText(t, values, { codes: false }) : t);
  const headers = Object.fromEntries(Object.entries(effect.headers).map(([name, value]) => [name, isSecretKey(name) && !ONLY_SECRET_NAME.test(value) ? MASK : text(value)]));
  return { ...effect, url: text(effect.url), headers, ...(effect.body !== undefined ? { body: text(effect.body) } : {}) };
}
