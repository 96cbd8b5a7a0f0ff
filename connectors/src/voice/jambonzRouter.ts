import express, { type Request, type Response, type Router } from 'express';
import { boundedBodyParser } from '../http/boundedBodyParser.ts';
import { hookNameOf, hookUrls, JAMBONZ_HOOKS, type HookName } from './hooks.ts';
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

/** The largest webhook body read (jambonz's are a few kB). */
export const HOOK_BODY_LIMIT = 512 * 1024;

/** What a hook answers over HTTP: verbs (200, with the continuation's redirect), nothing (204) or a refusal (400; 409 for a turn already taken). */
export function answerHook(deps: VoiceDeps, handler: VoiceCallHandler, hook: HookName, payload: unknown, baseUrl: string, round: number): Promise<HookAnswer> {
  // The handler's promise mapped, not awaited in one more async frame: this runs for every webhook.
  return handler.handleWithin({ hook, payload, transport: 'http', baseUrl, round: Number.isFinite(round) && round > 0 ? round : 1 }, HTTP_DEADLINE_MS).then((reply) => httpAnswer(deps, reply));
}

type HookAnswer = { status: number; body?: unknown };
const NO_CONTENT: HookAnswer = { status: 204 };

function httpAnswer(deps: VoiceDeps, reply: VoiceReply): HookAnswer {
  switch (reply.kind) {
    case 'invalid':
      return { status: 400, body: { error: { code: 'invalid_payload', message: reply.message } } };
    case 'replayed':
      return { status: 409, body: { error: { code: 'hook_replayed', message: reply.message } } };
    case 'done':
      return NO_CONTENT;
    case 'verbs':
      return { status: 200, body: reply.continuation ? [...reply.verbs, continuationVerb(deps, reply.continuation.round)] : reply.verbs };
  }
}

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
  router.use('/jambonz', boundedBodyParser(HOOK_BODY_LIMIT, express.raw({ type: () => true, limit: HOOK_BODY_LIMIT })));

  router.post('/jambonz/:hook', async (req: Request, res: Response) => {
    const hook = hookNameOf(`/jambonz/${String(req.params.hook)}`);
    if (!hook) {
      res.status(404).json({ error: { code: 'unknown_hook', message: `no jambonz hook at ${req.path}` } });
      return;
    }
    const body = signedHookBody(req, res, { access: webhooks, hook, log, onRefused: deps.onSignatureFailure });
    if (!body) return;
    const round = Number.parseInt(String(req.query.round ?? '1'), 10);
    const answer = await answerHook(deps, handler, hook, body.payload, `${req.protocol}://${req.get('host') ?? 'localhost'}`, round);
    if (answer.body === undefined) res.status(answer.status).end();
    else res.status(answer.status).json(answer.body);
  });

  return router;
}

export { JAMBONZ_HOOKS };
