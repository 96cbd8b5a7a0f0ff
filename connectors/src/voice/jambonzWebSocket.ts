import { runAfterAnswer } from '../http/afterAnswer.ts';
import { randomUUID } from 'node:crypto';
import { sameSecret } from '../http/sameSecret.ts';
import { guessRefusalWhy, secretGuessesFromEnv } from '../http/SecretGuesses.ts';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { readJson } from '../http/readJson.ts';
import { silentLogger } from '../channel/ChannelLogger.ts';
import { refusalLogOf } from '../channel/refusalLog.ts';
import { hookNameOf, type HookName } from './hooks.ts';
import { renderApology } from './renderApology.ts';
import { VoiceCallHandler, type Continuation, type VoiceDeps, type VoiceReply } from './voiceCallHandler.ts';
import { voiceAccess, type VoiceAccess } from './voiceAccess.ts';
import { ackFrame, fitFrame, JambonzFrame, NO_ACK_TYPES, redirectCommand, MAX_APP_FRAME_BYTES } from './wsFrames.ts';
import type { Verb } from './verbs.ts';
import type { ClientView } from '../http/HotRoutes.ts';

export const JAMBONZ_WS_PATH = '/jambonz/ws';
export const JAMBONZ_SUBPROTOCOL = 'ws.jambonz.org';
/** jambonz waits 5 s for an ack (then hangs a new call up): answer well before. */
const ACK_DEADLINE_MS = 4500;
/** How often each socket is pinged; one that missed two pongs is closed (a feature server gone without closing). */
export const HEARTBEAT_MS = 30_000;
/**
 * Frames of one socket being answered at once (until their ack is sent). jambonz opens a socket per
 * call, whose frames come one after another (a hook, its status): past this, a peer is flooding: a
 * frame that wants an ack is answered with an apology (the call hangs up), the others are dropped.
 */
export const MAX_FRAMES_IN_FLIGHT = 32;

export interface JambonzWebSocketOptions {
  /** Between pings (HEARTBEAT_MS); shorter in tests. */
  heartbeatMs?: number;
}

export interface JambonzWebSocket {
  /** Calls whose first answer is remembered for a reconnect (for tests and metrics). */
  readonly activeCalls: number;
  close(): Promise<void>;
}

/** The realm of the 401 challenge (jambonz sends the application's credentials up front; the challenge names what is missing). */
export const JAMBONZ_WS_REALM = 'griot jambonz';

/**
 * Whether the upgrade may proceed: HTTP Basic credentials matching the application's (checked
 * whole, in constant time), or nothing to check in development with nothing configured.
 */
function authorised(req: IncomingMessage, access: VoiceAccess['websocket']): boolean {
  if (access.mode === 'open') return true;
  if (access.mode === 'refused') return false;
  const header = req.headers.authorization ?? '';
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
  if (!match?.[1]) return false;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  // Both compared, always: no early exit that would tell which one was wrong.
  const user = decoded.slice(0, colon);
  const pass = decoded.slice(colon + 1);
  const userOk = sameSecret(user, access.username);
  const passOk = sameSecret(pass, access.password);
  // During a rotation, the credentials being replaced are accepted too (compared the same way).
  const old = access.previous;
  const oldUserOk = old !== undefined && sameSecret(user, old.username);
  const oldPassOk = old !== undefined && sameSecret(pass, old.password);
  return (userOk && passOk) || (oldUserOk && oldPassOk);
}

/**
 * Answers a refused upgrade and closes its connection whole once the answer is written. Ending our
 * side alone left it open for as long as the client kept its own open: an upgrade's socket has
 * left node's HTTP parser (no deadline applies to it) and the per-address count (as a WebSocket),
 * so a client without credentials could hold GRIOT_MAX_CONNECTIONS of them.
 */
function refuse(socket: Duplex, status: number, reason: string, headers: string[] = []): void {
  socket.end([`HTTP/1.1 ${status} ${reason}`, ...headers, 'Connection: close', 'Content-Length: 0', '', ''].join('\r\n'), () => socket.destroy());
}

/** Which hook a frame asks for; `session:new` and `session:reconnect` start (or resume) a call. */
function hookOf(frame: JambonzFrame): HookName | undefined {
  switch (frame.type) {
    case 'session:new':
    case 'session:reconnect':
      return 'call';
    case 'call:status':
      return 'status';
    case 'verb:hook':
    case 'session:redirect':
      return frame.hook ? hookNameOf(frame.hook) : undefined;
    default:
      return undefined;
  }
}

/**
 * The jambonz WebSocket API at `/jambonz/ws` (subprotocol `ws.jambonz.org`), beside the webhooks
 * and through the same turn handler. Every frame that wants one gets an `ack` with its msgid;
 * a slow look-up is acked with its filler at once and the rest follows as a `redirect` command.
 * A call whose `session:new` answer never reached jambonz gets it again on `session:reconnect`.
 * The upgrade needs the jambonz application's HTTP Basic credentials (`wsAuth`); without them
 * configured it is refused, unless nothing at all is configured in development (`voiceAccess`).
 */
export function attachJambonzWebSocket(
  server: Server,
  deps: VoiceDeps,
  handler: VoiceCallHandler = new VoiceCallHandler(deps),
  client?: ClientView,
  options: JambonzWebSocketOptions = {},
): JambonzWebSocket {
  const log = deps.logger ?? silentLogger;
  const { websocket: access } = voiceAccess(deps);
  const guesses = deps.secretGuesses ?? secretGuessesFromEnv({});
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 256 * 1024,
    handleProtocols: (protocols) => (protocols.has(JAMBONZ_SUBPROTOCOL) ? JAMBONZ_SUBPROTOCOL : false),
  });
  /** call_sid → the first answer and whether jambonz got it; kept until the call's final status. */
  const firstAnswers = new Map<string, { verbs: Verb[]; delivered: boolean }>();

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?', 1)[0];
    if (path !== JAMBONZ_WS_PATH) {
      // Another listener's, if the server has one. Otherwise nobody would answer it: node hands an
      // upgrade's socket to the 'upgrade' listeners and forgets it (no timeout), so left alone it
      // stayed open for as long as the client liked, even after it went, and held the server's
      // graceful stop for ever (`server.close` waits for it).
      if (server.listenerCount('upgrade') === 1) refuse(socket, 404, 'Not Found');
      return;
    }
    const protocols = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim());
    if (!protocols.includes(JAMBONZ_SUBPROTOCOL)) {
      refuse(socket, 400, 'Bad Request');
      return;
    }
    // The address as GRIOT_TRUST_PROXY says (`client`); one that guessed too often is refused before its password is compared.
    const ip = client ? client.ip(req) : req.socket.remoteAddress;
    const refused = access.mode === 'basic' ? guesses.refusalOf(ip) : undefined;
    if (refused) {
      refusalLogOf(log).refused('voice', refused.reason, { ip }, `voice: refused a jambonz WebSocket: ${guessRefusalWhy[refused.reason]}`);
      deps.onSignatureFailure?.({ channel: 'voice', reason: refused.reason });
      refuse(socket, 429, 'Too Many Requests', [`Retry-After: ${refused.seconds}`]);
      return;
    }
    if (!authorised(req, access)) {
      const reason = access.mode === 'refused' ? 'noWsCredentials' : req.headers.authorization ? 'badCredentials' : 'noCredentials';
      refusalLogOf(log).refused('voice', reason, { ip }, 'voice: refused a jambonz WebSocket');
      deps.onSignatureFailure?.({ channel: 'voice', reason });
      if (reason === 'badCredentials') guesses.failed(ip);
      refuse(socket, 401, 'Unauthorized', [`WWW-Authenticate: Basic realm="${JAMBONZ_WS_REALM}", charset="UTF-8"`]);
      return;
    }
    if (access.mode === 'basic') guesses.succeeded(ip);
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  };
  server.on('upgrade', onUpgrade);

  // An accepted socket no longer counts against the connection cap per address, and TCP alone may
  // never notice a peer that vanished: a ping every heartbeat, and a socket that answered neither
  // of the last two is closed (the `ws` pattern).
  const missedPongs = new Map<WebSocket, number>();
  const heartbeat = setInterval(() => {
    for (const [ws, missed] of missedPongs) {
      if (missed >= 2) {
        log.warn({ reason: 'noPong' }, 'voice: closed a jambonz WebSocket that stopped answering pings');
        missedPongs.delete(ws);
        ws.terminate();
        continue;
      }
      missedPongs.set(ws, missed + 1);
      ws.ping();
    }
  }, options.heartbeatMs ?? HEARTBEAT_MS);
  heartbeat.unref();

  wss.on('connection', (ws: WebSocket, req: IncomingMessage) => {
    missedPongs.set(ws, 0);
    ws.on('pong', () => {
      if (missedPongs.has(ws)) missedPongs.set(ws, 0);
    });
    ws.on('close', () => missedPongs.delete(ws));
    let inFlight = 0;
    // The URLs of prompts and hooks sent back: over https when the socket is TLS or a proxy
    // GRIOT_TRUST_PROXY names says so (`client`, as the webhooks read it); an X-Forwarded-Proto
    // from anyone else is ignored.
    const proto = client ? client.protocol(req) : 'encrypted' in req.socket && req.socket.encrypted ? 'https' : 'http';
    const baseUrl = `${proto}://${req.headers.host ?? 'localhost'}`;
    const send = (frame: string | undefined, what: string) =>
      new Promise<boolean>((resolve) => {
        if (!frame || ws.readyState !== ws.OPEN) return resolve(false);
        ws.send(frame, (err) => {
          if (err) log.warn({ what, err }, 'voice: could not send to jambonz');
          resolve(!err);
        });
      });
    const fitted = (build: (v: readonly Verb[]) => string, verbs: Verb[], callSid: string | undefined) => {
      const frame = fitFrame(build, verbs);
      if (frame) return frame;
      log.error({ callSid, limit: MAX_APP_FRAME_BYTES, reason: 'frameTooLarge' }, 'voice: answer too large for jambonz, apologising');
      return build(renderApology(deps.defaultLocale, undefined));
    };

    const pushContinuation = async (callSid: string, first: Continuation) => {
      let next: Continuation | undefined = first;
      while (next) {
        const reply: VoiceReply = await handler.handle({ hook: 'continue', payload: next.payload, transport: 'ws', baseUrl, round: next.round });
        if (reply.kind !== 'verbs') return;
        const delivered = await send(
          fitted((v) => redirectCommand(randomUUID(), callSid, v, true), reply.verbs, callSid),
          'redirect',
        );
        next = delivered ? reply.continuation : undefined;
      }
    };

    /** `answered`: the frame's ack is on its way (its continuation may still run), so it no longer counts as in flight. */
    const onFrame = async (frame: JambonzFrame, answered: () => void) => {
      const callSid = frame.call_sid;
      const wantsAck = !NO_ACK_TYPES.has(frame.type);
      if (frame.type === 'jambonz:error') {
        // `content` echoes what Griot sent (prompts, perhaps a PUK code): only the reason is logged.
        const { msg, details } = (frame.data ?? {}) as { msg?: unknown; details?: unknown };
        log.warn({ callSid, msg: String(msg ?? '').slice(0, 200), details: String(details ?? '').slice(0, 300) }, 'voice: jambonz reported an error');
        return;
      }
      if (frame.type === 'session:reconnect' && callSid) {
        const known = firstAnswers.get(callSid);
        if (known && frame.msgid) {
          // Already delivered: nothing changes. Lost with the old socket: jambonz takes this ack as that answer.
          const delivered = await send(
            fitted((v) => ackFrame(frame.msgid as string, v), known.delivered ? [] : known.verbs, callSid),
            'ack',
          );
          known.delivered ||= delivered;
          return;
        }
      }
      const hook = hookOf(frame);
      let reply: VoiceReply;
      if (!hook) {
        if (!wantsAck || !frame.msgid) return; // verb:status and friends: nothing to say
        log.warn({ callSid, type: frame.type, hook: frame.hook }, 'voice: jambonz frame for no known hook');
        reply = { kind: 'verbs', verbs: renderApology(deps.defaultLocale, undefined) };
      } else {
        reply = wantsAck
          ? await handler.handleWithin({ hook, payload: frame.data, transport: 'ws', baseUrl }, ACK_DEADLINE_MS)
          : await handler.handle({ hook, payload: frame.data, transport: 'ws', baseUrl });
      }
      if (hook === 'status') {
        const status = (frame.data as { call_status?: string } | undefined)?.call_status;
        if (callSid && ['completed', 'failed', 'no-answer', 'busy'].includes(status ?? '')) firstAnswers.delete(callSid);
      }
      if (!wantsAck || !frame.msgid) return;
      // A malformed payload ends only its own call, politely; the socket and other calls go on.
      const verbs = reply.kind === 'verbs' ? reply.verbs : reply.kind === 'invalid' ? renderApology(deps.defaultLocale, undefined) : [];
      const sending = send(
        fitted((v) => ackFrame(frame.msgid as string, v), verbs, callSid),
        'ack',
      );
      // The ack is on the socket: what the turn left for after it (log lines, metrics) now.
      runAfterAnswer();
      // A slow look-up's continuation waits up to its whole timeout: it holds no room for the socket's next frames.
      answered();
      const delivered = await sending;
      if (hook === 'call' && callSid) {
        if (firstAnswers.size > 50_000) firstAnswers.clear();
        firstAnswers.set(callSid, { verbs, delivered });
      }
      if (delivered && reply.kind === 'verbs' && reply.continuation && callSid) await pushContinuation(callSid, reply.continuation);
    };

    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) {
        log.warn({ reason: 'binaryFrame' }, 'voice: ignored a binary frame from jambonz');
        return;
      }
      let frame: JambonzFrame;
      try {
        const reading = readJson(data.toString());
        if (!reading.ok) throw new Error(reading.message);
        const parsed = JambonzFrame.safeParse(reading.value);
        if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? 'invalid frame');
        frame = parsed.data;
      } catch (error) {
        log.warn({ reason: 'malformedFrame', problem: (error as Error).message }, 'voice: ignored a malformed jambonz frame');
        return;
      }
      if (inFlight >= MAX_FRAMES_IN_FLIGHT) {
        // jambonz waits 5 s for an ack and then hangs up: a frame that wants one hears the apology
        // the webhooks give when they cannot serve, at once; the others are dropped.
        const apologised = !NO_ACK_TYPES.has(frame.type) && frame.msgid !== undefined;
        log.warn(
          { callSid: frame.call_sid, reason: 'tooManyFramesInFlight', limit: MAX_FRAMES_IN_FLIGHT },
          apologised ? 'voice: apologised for a jambonz frame: too many being answered on its socket' : 'voice: dropped a jambonz frame: too many being answered on its socket',
        );
        if (apologised) void send(ackFrame(frame.msgid as string, renderApology(deps.defaultLocale, undefined)), 'ack');
        return;
      }
      inFlight++;
      let counted = true;
      const answered = () => {
        if (counted) inFlight--;
        counted = false;
      };
      onFrame(frame, answered)
        .catch((err) => log.error({ callSid: frame.call_sid, err }, 'voice: failed to answer a jambonz frame'))
        .finally(answered);
    });
    ws.on('error', (err) => log.warn({ err }, 'voice: jambonz WebSocket error'));
  });

  return {
    get activeCalls() {
      return firstAnswers.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.off('upgrade', onUpgrade);
        clearInterval(heartbeat);
        missedPongs.clear();
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}
