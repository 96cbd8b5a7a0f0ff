import express, { type Request, type Response, type Router } from 'express';
import { hookNameOf, hookUrls, JAMBONZ_HOOKS } from './hooks.ts';
import { signedHookBody } from './signedHookBody.ts';
import { silentLogger } from '../channel/ChannelLogger.ts';
import { voiceAccess } from './voiceAccess.ts';
import { VoiceCallHandler, type VoiceDeps, type VoiceReply } from './voiceCallHandler.ts';
import type { Verb } from './verbs.ts';

/** The verb that brings jambonz back for the rest of a slow look-up (HTTP only). */
export function continuationVerb(deps: Pick<VoiceDeps, 'hookBaseUrl'>, round: number): Verb {
  return { verb: 'redirect', actionHook: `${hookUrls(deps.hookBaseUrl).continue}?round=${round}` };
}

/** jambonz waits 10 s for a webhook; answer well before. */
const HTTP_DEADLINE_MS = 9000;

/**
 * jambonz webhooks: `POST /jambonz/call` (call hook), `/jambonz/status` (call status hook) and
 * the action hooks Griot writes into its verbs. A thin layer: check the signature, parse JSON,
 * hand the payload to the shared turn handler, send verbs. Only a malformed payload (400) or a
 * bad or missing signature (403) gets an HTTP error; everything else is spoken to the caller.
 */
export function jambonzRouter(deps: VoiceDeps, handler: VoiceCallHandler = new VoiceCallHandler(deps)): Router {
  const log = deps.logger ?? silentLogger;
  const { webhooks } = voiceAccess(deps);
  const router = express.Router();
  router.use('/jambonz', express.raw({ type: () => true, limit: '512kb' }));

  router.post('/jambonz/:hook', async (req: Request, res: Response) => {
    const hook = hookNameOf(`/jambonz/${String(req.params.hook)}`);
    if (!hook) {
      res.status(404).json({ error: { code: 'unknown_hook', message: `no jambonz hook at ${req.path}` } });
      return;
    }
    const body = signedHookBody(req, res, { access: webhooks, hook, log, onRefused: deps.onSignatureFailure });
    if (!body) return;
    const { payload } = body;
    const round = Number.parseInt(String(req.query.round ?? '1'), 10);
    const reply: VoiceReply = await handler.handleWithin({
      hook,
      payload,
      transport: 'http',
      baseUrl: `${req.protocol}://${req.get('host') ?? 'localhost'}`,
      round: Number.isFinite(round) && round > 0 ? round : 1,
    }, HTTP_DEADLINE_MS);
    switch (reply.kind) {
      case 'invalid':
        res.status(400).json({ error: { code: 'invalid_payload', message: reply.message } });
        return;
      case 'done':
        res.status(204).end();
        return;
      case 'verbs':
        res.status(200).json(reply.continuation ? [...reply.verbs, continuationVerb(deps, reply.continuation.round)] : reply.verbs);
    }
  });

  return router;
}

export { JAMBONZ_HOOKS };
