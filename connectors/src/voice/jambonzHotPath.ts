import type { ServerResponse } from 'node:http';
import type { ClientView, HotHandler } from '../http/HotRoutes.ts';
import { silentLogger } from '../channel/ChannelLogger.ts';
import { runAfterAnswer } from '../http/afterAnswer.ts';
import { readRawBody } from '../http/readRawBody.ts';
import { JAMBONZ_HOOKS, type HookName } from './hooks.ts';
import { checkHookBody } from './signedHookBody.ts';
import { answerHook, HOOK_BODY_LIMIT } from './jambonzRouter.ts';
import type { VoiceCallHandler } from './voiceCallHandler.ts';
import type { VoiceDeps } from './voiceDeps.ts';
import { voiceAccess } from './voiceAccess.ts';

/** A webhook slower than this still gets its request line (the others only count). */
export const SLOW_HOOK_MS = 250;

const HOOK_BY_PATH = new Map<string, HookName>(Object.entries(JAMBONZ_HOOKS).map(([name, path]) => [path, name as HookName]));

/** One headers object for every answer: `writeHead` copies it into the head's text at once. */
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'content-length': 0 };

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  JSON_HEADERS['content-length'] = Buffer.byteLength(text);
  res.writeHead(status, JSON_HEADERS);
  res.end(text);
}

/**
 * jambonz webhooks (`POST /jambonz/call`, `/status` and the action hooks) on node's own request
 * and response, ahead of express: the body read once into one buffer (512 kB at most), the
 * signature checked on those bytes, parsed once, the turn handled by the same handler and
 * `answerHook` as the express route (`jambonzRouter`, which still serves anything this does not
 * take: another method, a compressed body, a path spelled differently). The request line is
 * written for errors and slow webhooks only; refusals are logged where they are decided.
 */
export function jambonzHotPath(deps: VoiceDeps, handler: VoiceCallHandler, client: ClientView): HotHandler {
  const log = deps.logger ?? silentLogger;
  const { webhooks } = voiceAccess(deps);
  return (req, res) => {
    if (req.method !== 'POST') return false;
    const url = req.url ?? '';
    const q = url.indexOf('?');
    const hook = HOOK_BY_PATH.get(q === -1 ? url : url.slice(0, q));
    if (!hook) return false;
    const encoding = req.headers['content-encoding'];
    if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return false; // express.raw inflates
    const started = performance.now();
    readRawBody(req, res, HOOK_BODY_LIMIT, (raw) => {
      if (raw === undefined) {
        sendJson(res, 413, { error: { code: 'entity_too_large', message: 'request entity too large', field: 'body' } });
        return;
      }
      const signature = req.headers['jambonz-signature'];
      const check = checkHookBody(raw, Array.isArray(signature) ? signature.join(',') : signature, () => client.ip(req), { access: webhooks, hook, log, onRefused: deps.onSignatureFailure });
      if (!check.ok) {
        sendJson(res, check.status, check.body);
        return;
      }
      if (hook === 'status' && handler.acknowledgeStatus(check.payload)) {
        // All it owes is the answer: written now, the close's check against the store after it.
        res.writeHead(204);
        res.end();
        runAfterAnswer();
        return;
      }
      const round = q === -1 ? 1 : Number.parseInt(new URLSearchParams(url.slice(q + 1)).get('round') ?? '1', 10);
      answerHook(deps, handler, hook, check.payload, `${client.protocol(req)}://${req.headers.host ?? 'localhost'}`, round).then(
        (answer) => {
          if (answer.body === undefined) {
            res.writeHead(answer.status);
            res.end();
          } else sendJson(res, answer.status, answer.body);
          // The answer is on the socket: what the turn left for after it (log lines, metrics) now.
          runAfterAnswer();
          const ms = performance.now() - started;
          if (ms >= SLOW_HOOK_MS) log.info({ method: 'POST', path: JAMBONZ_HOOKS[hook], status: answer.status, durationMs: Math.round(ms * 10) / 10 }, 'request');
        },
        (error: unknown) => {
          log.error({ err: error, method: 'POST', path: JAMBONZ_HOOKS[hook] }, 'unhandled error');
          if (!res.headersSent) sendJson(res, 500, { error: { code: 'internal', message: 'an unexpected error happened; it has been logged' } });
        },
      );
    });
    return true;
  };
}
