import type { Request, Response } from 'express';
import type { VoiceLogger } from './conversationPort.ts';
import { readJson } from '../http/readJson.ts';
import { verifyJambonzSignature } from './signature.ts';

function rawBodyOf(req: Request): Buffer {
  if (Buffer.isBuffer(req.body)) return req.body;
  // Mounted behind a JSON parser the raw bytes are gone: re-serialising is what jambonz signed
  // (it signs JSON.stringify of the payload), but mount the routers before any body parser.
  return Buffer.from(req.body === undefined ? '' : JSON.stringify(req.body));
}

/**
 * The JSON body of a jambonz webhook, once its `Jambonz-Signature` checks out (when a secret is
 * set). Otherwise it answers 403 (bad signature, logged) or 400 (not JSON) and returns undefined.
 */
export function signedHookBody(req: Request, res: Response, options: { secret: string | undefined; hook: string; log: VoiceLogger }): { payload: unknown } | undefined {
  const raw = rawBodyOf(req);
  if (options.secret) {
    const check = verifyJambonzSignature(options.secret, req.get('jambonz-signature'), raw);
    if (!check.ok) {
      options.log.warn({ hook: options.hook, reason: check.reason, ip: req.ip }, 'voice: refused a jambonz webhook with a bad signature');
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
