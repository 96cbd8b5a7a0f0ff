import type { Request, Response } from 'express';
import type { ChannelLogger } from '../channel/ChannelLogger.ts';
import { readJson } from '../http/readJson.ts';
import { markRefusal, refusalLogOf } from '../channel/refusalLog.ts';
import { verifyJambonzSignature } from './signature.ts';
import type { VoiceAccess } from './voiceAccess.ts';

function rawBodyOf(req: Request): Buffer {
  if (Buffer.isBuffer(req.body)) return req.body;
  // Mounted behind a JSON parser the raw bytes are gone: re-serialising is what jambonz signed
  // (it signs JSON.stringify of the payload), but mount the routers before any body parser.
  return Buffer.from(req.body === undefined ? '' : JSON.stringify(req.body));
}

export interface HookBodyOptions {
  access: VoiceAccess['webhooks'];
  hook: string;
  log: ChannelLogger;
  onRefused?: ((failure: { channel: 'voice'; reason: string }) => void) | undefined;
}

/** A checked hook body, or the refusal to send (status and JSON body). */
export type HookBodyCheck = { ok: true; payload: unknown } | { ok: false; status: 400 | 403; body: { error: Record<string, string> } };

/**
 * The JSON body of a jambonz webhook from its raw bytes, once its `Jambonz-Signature` checks
 * out: one HMAC over the bytes as they came, one parse. A webhook with a bad signature, or any
 * webhook when there is no secret to check it with and anonymous webhooks are not allowed
 * (production, or only WebSocket credentials set), is refused with 403 (logged); a body that is
 * not JSON with 400. Shared by the express routers and the hot path (`jambonzHotPath`). The
 * client's address is worked out only for a refusal's log line: through express's proxy settings
 * it cost ~1 % of the server's time one call at a time (issue 17), for nothing on accepted hooks.
 */
export function checkHookBody(raw: Buffer, signature: string | undefined, clientIp: () => string | undefined, options: HookBodyOptions): HookBodyCheck {
  const { access } = options;
  if (access.mode === 'refused') {
    refusalLogOf(options.log).refused('voice', 'noWebhookSecret', { hook: options.hook, ip: clientIp() }, 'voice: refused a jambonz webhook: JAMBONZ_WEBHOOK_SECRET is not set');
    options.onRefused?.({ channel: 'voice', reason: 'noWebhookSecret' });
    return { ok: false, status: 403, body: { error: { code: 'webhooks_refused', message: 'this server accepts only signed jambonz webhooks and has no webhook secret configured' } } };
  }
  if (access.mode === 'signed') {
    let check = verifyJambonzSignature(access.secret, signature, raw);
    // During a rotation, a webhook signed with the secret being replaced (checked only when the current one failed).
    if (!check.ok && access.previousSecret !== undefined && verifyJambonzSignature(access.previousSecret, signature, raw).ok) check = { ok: true };
    if (!check.ok) {
      refusalLogOf(options.log).refused('voice', check.reason, { hook: options.hook, ip: clientIp() }, 'voice: refused a jambonz webhook with a bad signature');
      options.onRefused?.({ channel: 'voice', reason: check.reason });
      return { ok: false, status: 403, body: { error: { code: 'bad_signature', message: `Jambonz-Signature ${check.reason}` } } };
    }
  }
  if (raw.length === 0) return { ok: true, payload: {} };
  const reading = readJson(raw);
  if (!reading.ok) return { ok: false, status: 400, body: { error: { code: reading.code, message: reading.message, field: 'body' } } };
  return { ok: true, payload: reading.value };
}

/**
 * `checkHookBody` for an express route (behind `express.raw`): the payload, or undefined once
 * the refusal is sent.
 */
export function signedHookBody(req: Request, res: Response, options: HookBodyOptions): { payload: unknown } | undefined {
  const check = checkHookBody(rawBodyOf(req), req.get('jambonz-signature'), () => req.ip, options);
  if (check.ok) return { payload: check.payload };
  if (check.status === 403) markRefusal(res);
  res.status(check.status).json(check.body);
  return undefined;
}
