import type { Request, Response } from 'express';
import type { ChannelLogger } from '../channel/ChannelLogger.ts';
import { readJson } from '../http/readJson.ts';
import { verifyJambonzSignature } from './signature.ts';
import type { VoiceAccess } from './voiceAccess.ts';

function rawBodyOf(req: Request): Buffer {
  if (Buffer.isBuffer(req.body)) return req.body;
  // Mounted behind a JSON parser the raw bytes are gone: re-serialising is what jambonz signed
  // (it signs JSON.stringify of the payload), but mount the routers before any body parser.
  return Buffer.from(req.body === undefined ? '' : JSON.stringify(req.body));
}

/**
 * The JSON body of a jambonz webhook, once its `Jambonz-Signature` checks out. A webhook with a
 * bad signature, or any webhook when there is no secret to check it with and anonymous webhooks
 * are not allowed (production, or only WebSocket credentials set), gets 403 (logged); a body that
 * is not JSON gets 400. Both return undefined.
 */
export function signedHookBody(
  req: Request,
  res: Response,
  options: { access: VoiceAccess['webhooks']; hook: string; log: ChannelLogger; onRefused?: ((failure: { channel: 'voice'; reason: string }) => void) | undefined },
): { payload: unknown } | undefined {
  const { access } = options;
  if (access.mode === 'refused') {
    options.log.warn({ hook: options.hook, reason: 'noWebhookSecret', ip: req.ip }, 'voice: refused a jambonz webhook: JAMBONZ_WEBHOOK_SECRET is not set');
    options.onRefused?.({ channel: 'voice', reason: 'noWebhookSecret' });
    res.status(403).json({ error: { code: 'webhooks_refused', message: 'this server accepts only signed jambonz webhooks and has no webhook secret configured' } });
    return undefined;
  }
  const raw = rawBodyOf(req);
  if (access.mode === 'signed') {
    const check = verifyJambonzSignature(access.secret, req.get('jambonz-signature'), raw);
    if (!check.ok) {
      options.log.warn({ hook: options.hook, reason: check.reason, ip: req.ip }, 'voice: refused a jambonz webhook with a bad signature');
      options.onRefused?.({ channel: 'voice', reason: check.reason });
      res.status(403).json({ error: { code: 'bad_signature', message: `Jambonz-Signature ${check.reason}` } });
      return undefined;
    }
  }
  if (raw.length === 0) return { payload: {} };
  const reading = readJson(raw);
  if (!reading.ok) {
    res.status(400).json({ error: { code: reading.code, message: reading.message, field: 'body' } });
    return undefined;
  }
  return { payload: reading.value };
}
