/// <reference path="./jambonzValidators.d.ts" />
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as jambonzSchema from '@jambonz/schema';
import { httpLink } from './jambonzLinks.ts';

/** A call the fake accepted: jambonz's sid and the body as Griot sent it. */
export interface PlacedCall {
  sid: string;
  body: Record<string, unknown>;
  at: string;
}

/** What the next request gets instead of being handled: an HTTP answer, or an answer after a delay. */
export type FakeJambonzFailure = { status: number; body?: unknown } | { delayMs: number };

export interface FakeJambonzApi {
  /** The API server's base URL, without `/v1`. */
  url: string;
  /** Calls accepted (201), in order. */
  readonly calls: PlacedCall[];
  /** Every request with the status it got, accepted or not. */
  readonly requests: Array<{ method: string; path: string; status: number }>;
  /** The next request answers this way (queued: several calls fail in turn). */
  failNext(failure: FakeJambonzFailure): void;
  /** jambonz requests the call hook: the subscriber answered. Resolves with Griot's verbs. */
  answer(call: PlacedCall): Promise<unknown[]>;
  /** jambonz reports a call status on the call status hook. */
  status(call: PlacedCall, callStatus: 'trying' | 'ringing' | 'in-progress' | 'completed' | 'no-answer' | 'busy' | 'failed'): Promise<void>;
  /** jambonz requests an action hook of a verb Griot answered with (a `dial`'s, say). */
  actionHook(call: PlacedCall, url: string, fields: Record<string, unknown>): Promise<unknown[]>;
  close(): Promise<void>;
}

export interface FakeJambonzApiOptions {
  accountSid: string;
  apiKey: string;
  /** The account's webhook secret: the fake signs its hooks with it, as jambonz does. */
  webhookSecret?: string;
}

/** Properties jambonz's createCall knows (api-server swagger, feature server createCallSchema, @jambonz/schema rest:dial). */
const KNOWN = new Set([
  'application_sid',
  'answerOnBridge',
  'call_hook',
  'call_status_hook',
  'from',
  'fromHost',
  'callerName',
  'timeout',
  'timeLimit',
  'tag',
  'to',
  'headers',
  'sipRequestWithinDialogHook',
  'referHook',
  'amd',
  'dual_streams',
  'account_sid',
  'app_json',
  'speech_synthesis_vendor',
  'speech_synthesis_language',
  'speech_synthesis_voice',
  'speech_recognizer_vendor',
  'speech_recognizer_language',
]);
const SPEECH = ['speech_synthesis_vendor', 'speech_synthesis_language', 'speech_synthesis_voice', 'speech_recognizer_vendor', 'speech_recognizer_language'];

class BadRequest extends Error {}

/** jambonz-api-server's `validateCreateCall`, then the feature server's `createCallSchema`, then @jambonz/schema's `rest:dial`. */
function validateCreateCall(body: Record<string, unknown>): void {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new BadRequest('the body is not a JSON object');
  // Stricter than jambonz, which ignores what it does not know: a misspelt field would be lost silently.
  for (const key of Object.keys(body)) if (!KNOWN.has(key)) throw new BadRequest(`unknown property ${key} (jambonz would ignore it)`);
  if (!body.from) throw new BadRequest('missing from parameter');
  const to = body.to as Record<string, unknown> | undefined;
  const toOk =
    !!to &&
    typeof to === 'object' &&
    (((to.type === 'phone' || to.type === 'teams') && typeof to.number === 'string') || (to.type === 'user' && typeof to.name === 'string') || (to.type === 'sip' && typeof to.sipUri === 'string'));
  if (!toOk) throw new BadRequest(`missing or invalid to property: ${JSON.stringify(to)}`);
  if (!body.application_sid && SPEECH.some((k) => !body[k])) {
    throw new BadRequest(`either application_sid or set of ${SPEECH.join(', ')} required`);
  }
  if (!body.call_hook && !body.application_sid) throw new BadRequest('either call_hook or application_sid required');
  for (const name of ['call_hook', 'call_status_hook'] as const) {
    const hook = body[name];
    if (hook === undefined) continue;
    const url = typeof hook === 'string' ? hook : (hook as { url?: unknown }).url;
    if (typeof url !== 'string') throw new BadRequest(`${name} must be string or an object containing a url property`);
    if (!/^(https?|wss?):/.test(url)) throw new BadRequest(`${name} url be an absolute url`);
  }
  if (body.tag !== undefined && (typeof body.tag !== 'object' || body.tag === null || Array.isArray(body.tag))) throw new BadRequest('invalid tag data');
  if (typeof body.from !== 'string' || body.from.length > 256) throw new BadRequest('Invalid from');
  if (body.timeout !== undefined && !Number.isInteger(body.timeout)) throw new BadRequest('Invalid timeout');
  for (const key of SPEECH) if (body[key] !== undefined && typeof body[key] !== 'string') throw new BadRequest(`Invalid ${key}`);
  try {
    jambonzSchema.validateVerb('rest:dial', body, { info() {} });
  } catch (error) {
    throw new BadRequest((error as Error).message);
  }
}

function hookUrl(hook: unknown): string {
  return typeof hook === 'string' ? hook : String((hook as { url: string }).url);
}

/**
 * A local stand-in for jambonz's REST API (`POST /v1/Accounts/{sid}/Calls`) on a loopback
 * port: it checks the bearer key and the account, validates the body as jambonz's API server
 * and feature server do (plus unknown properties), records the call and answers 201 `{ sid }`.
 * It can be told to fail (4xx, 5xx, slow), and then plays jambonz's side of the call: the call
 * hook, status hooks and action hooks, signed with the account's webhook secret.
 */
export async function startFakeJambonzApi(options: FakeJambonzApiOptions): Promise<FakeJambonzApi> {
  const calls: PlacedCall[] = [];
  const requests: FakeJambonzApi['requests'] = [];
  const failures: FakeJambonzFailure[] = [];
  const route = /^\/v1\/Accounts\/([^/]+)\/Calls\/?$/;

  const send = (req: IncomingMessage, res: ServerResponse, status: number, body?: unknown) => {
    requests.push({ method: req.method ?? '', path: req.url ?? '', status });
    if (body === undefined) res.writeHead(status).end();
    else res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const failure = failures.shift();
        if (failure && 'delayMs' in failure) await new Promise((resolve) => setTimeout(resolve, failure.delayMs));
        else if (failure) return send(req, res, failure.status, failure.body ?? { msg: `simulated ${failure.status}` });
        const match = route.exec((req.url ?? '').split('?', 1)[0] ?? '');
        if (req.method !== 'POST' || !match) return send(req, res, 404, { msg: 'not found' });
        if (req.headers.authorization !== `Bearer ${options.apiKey}`) {
          requests.push({ method: req.method, path: req.url ?? '', status: 401 });
          res.writeHead(401, { 'content-type': 'text/plain' }).end('Unauthorized');
          return;
        }
        if (decodeURIComponent(match[1] ?? '') !== options.accountSid) return send(req, res, 403, { msg: 'insufficient permissions' });
        let body: Record<string, unknown>;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
          validateCreateCall(body);
        } catch (error) {
          return send(req, res, 400, { msg: error instanceof BadRequest ? error.message : 'Bad request' });
        }
        const call: PlacedCall = { sid: randomUUID(), body, at: new Date().toISOString() };
        calls.push(call);
        send(req, res, 201, { sid: call.sid, callId: `${randomUUID()}@127.0.0.1` });
      })().catch(() => {
        if (!res.headersSent) send(req, res, 500, { msg: 'fake jambonz API failure' });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // Compile jambonz's schemas now: the first validation takes a second or two, slower than a client's timeout.
  try {
    jambonzSchema.validateVerb('rest:dial', {}, { info() {} });
  } catch {
    // an empty body is refused; the schemas are compiled
  }

  const SIP_STATUS: Record<string, number> = { trying: 100, ringing: 180, 'in-progress': 200, completed: 200, 'no-answer': 487, busy: 486, failed: 503 };
  const SIP_REASON: Record<number, string> = { 100: 'Trying', 180: 'Ringing', 487: 'Request Terminated', 486: 'Busy Here', 503: 'Service Unavailable' };
  const link = httpLink('', options.webhookSecret ? { secret: options.webhookSecret } : {});
  /** The fields every hook of an outbound REST call carries (CallInfo.toJSON, snake_cased). */
  const callInfo = (call: PlacedCall, callStatus: string, sipStatus: number) => {
    const to = call.body.to as { number?: string; name?: string; sipUri?: string };
    return {
      call_sid: call.sid,
      direction: 'outbound',
      from: call.body.from,
      to: to.number ?? to.name ?? to.sipUri,
      call_id: `${call.sid}@127.0.0.1`,
      sip_status: sipStatus,
      sip_reason: SIP_REASON[sipStatus] ?? 'OK',
      call_status: callStatus,
      account_sid: options.accountSid,
      trace_id: '00000000000000000000000000000000',
      fs_sip_address: '10.0.0.3:5070',
      ...(call.body.tag ? { customerData: structuredClone(call.body.tag) } : {}),
    };
  };

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    requests,
    failNext: (failure) => void failures.push(failure),
    answer: (call) =>
      link.hook('verb:hook', hookUrl(call.body.call_hook), {
        ...callInfo(call, 'in-progress', 200),
        defaults: {
          synthesizer: { vendor: call.body.speech_synthesis_vendor, language: call.body.speech_synthesis_language, voice: call.body.speech_synthesis_voice },
          recognizer: { vendor: call.body.speech_recognizer_vendor, language: call.body.speech_recognizer_language },
        },
      }),
    status: async (call, callStatus) => {
      const final = ['completed', 'no-answer', 'busy', 'failed'].includes(callStatus);
      await link.hook('verb:hook', hookUrl(call.body.call_status_hook), {
        ...callInfo(call, callStatus, SIP_STATUS[callStatus] ?? 200),
        ...(final ? { duration: callStatus === 'completed' ? 42 : 0, call_termination_by: 'caller' } : {}),
      });
    },
    actionHook: (call, url, fields) => link.hook('verb:hook', url, { ...callInfo(call, 'in-progress', 200), ...fields }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
