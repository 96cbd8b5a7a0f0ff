import fc from 'fast-check';
import WebSocket from 'ws';
import { expect } from 'vitest';
import { signJambonz } from '@griot/connectors';
import { signBody, startFakeConnector, whatsappWebhooks } from '@griot/connectors/messaging/testing';
import { messengerWebhooks } from '@griot/connectors/messenger/testing';
import { callHookPayload, gatherDigits, JAMBONZ_HOOKS, JAMBONZ_SUBPROTOCOL, JAMBONZ_WS_PATH, subsequentPayload } from '@griot/connectors/voice/testing';
import { describeFailure, expectClientError, sendFuzz, type FuzzFigures } from './fuzzClient.ts';
import { seedFor, type FuzzSettings } from './fuzzSettings.ts';
import { encode, hostileBody, hostileQuery, hostileSegment, oddValue, type HostileBody } from './hostileBodies.ts';

export const WEBHOOK_SECRETS = {
  jambonz: 'fuzz-jambonz-webhook-secret',
  wsUsername: 'jambonz-app',
  wsPassword: 'fuzz-ws-password',
  whatsapp: 'fuzz-whatsapp-app-secret',
  whatsappVerify: 'fuzz-verify-token',
  messenger: 'fuzz-messenger-app-secret',
  messengerVerify: 'fuzz-messenger-verify-token',
  ussd: 'fuzz-ussd-callback-token-0123456',
} as const;

export interface WebhookFuzzOptions {
  url: string;
  settings: FuzzSettings;
  figures: FuzzFigures;
  webchatBinding: string;
}

type Json = Record<string, unknown>;

/** Every path into a JSON value (`entry.0.changes.0.value.messages.0.from`), the root excepted. */
function pathsOf(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const path = [...prefix, Array.isArray(value) ? Number(key) : key];
    return [path, ...pathsOf(child, path)];
  });
}

/**
 * A real payload with one to three members, anywhere in it, replaced by values of the wrong
 * kind or removed: input that gets past the first checks and into the channel's own reading.
 */
function mutationOf(base: Json): fc.Arbitrary<Json> {
  const paths = pathsOf(base);
  return fc
    .tuple(fc.subarray(paths, { minLength: 1, maxLength: Math.min(3, paths.length) }), fc.array(fc.option(oddValue, { nil: undefined, freq: 4 }), { minLength: 3, maxLength: 3 }))
    .map(([chosen, values]) => {
      const copy = structuredClone(base);
      chosen.forEach((path, i) => {
        let parent: any = copy;
        for (const key of path.slice(0, -1)) parent = parent?.[key];
        if (!parent || typeof parent !== 'object') return;
        const last = path.at(-1)!;
        if (values[i] === undefined) delete parent[last];
        else parent[last] = values[i];
      });
      return copy;
    });
}

/** Mostly real payloads gone wrong, sometimes anything at all. */
const webhookBody = (base: Json): fc.Arbitrary<HostileBody> =>
  fc.oneof(
    { weight: 3, arbitrary: mutationOf(base).map((v) => ({ text: JSON.stringify(v), contentType: 'application/json', kind: 'mutatedPayload' })) },
    { weight: 2, arbitrary: hostileBody(Object.keys(base)) },
  );

async function check(failures: string[], name: string, run: () => Promise<void>): Promise<void> {
  await run().catch((error: unknown) => failures.push(describeFailure(name, error)));
}

/** The webhooks of every channel, signed with the test secrets and forged. */
export async function webhookFuzz(options: WebhookFuzzOptions): Promise<void> {
  const failures: string[] = [];
  await jambonzHooks(options, failures);
  await jambonzSocket(options, failures);
  await whatsappWebhook(options, failures);
  await metaWebhook(options, failures, {
    path: '/messenger/webhook',
    secret: WEBHOOK_SECRETS.messenger,
    base: messengerWebhooks.textMessage('1', { pageId: '200000000000001', psid: '1254459154682919' }) as unknown as Json,
  });
  await botFramework(options, failures);
  await webchat(options, failures);
  await ussdGateway(options, failures);
  expect(failures).toEqual([]);
}

async function jambonzHooks({ url, settings, figures }: WebhookFuzzOptions, failures: string[]): Promise<void> {
  const calls = ['fuzz-call-1', 'fuzz-call-2', 'fuzz-call-3'];
  const identity = (callSid: string) => ({ callSid, from: '+2290197000001', to: '1919' });
  // Real calls first, so action hooks find a session to act on.
  for (const callSid of calls) {
    const body = JSON.stringify(callHookPayload(identity(callSid)));
    await sendFuzz(figures, `${url}${JAMBONZ_HOOKS.call}`, {
      method: 'POST',
      route: `POST ${JAMBONZ_HOOKS.call}`,
      body: { text: body, contentType: 'application/json', kind: 'valid' },
      headers: { 'jambonz-signature': signJambonz(WEBHOOK_SECRETS.jambonz, body) },
    });
  }
  const hooks = [...Object.values(JAMBONZ_HOOKS), '/jambonz/{unknown}'];
  for (const hook of hooks) {
    const route = `POST ${hook}`;
    const base = hook === JAMBONZ_HOOKS.call ? callHookPayload(identity('fuzz-call-9')) : subsequentPayload(identity('fuzz-call-1'), {}, gatherDigits('1'));
    const signing = fc.constantFrom('signed', 'signed', 'signed', 'unsigned', 'badSignature', 'stale');
    await check(failures, route, () =>
      fc.assert(
        fc.asyncProperty(webhookBody(base), signing, fc.constantFrom(...calls), hostileSegment, async (body, how, callSid, unknown) => {
          const text = typeof body.text === 'string' ? body.text.replace('fuzz-call-1', callSid) : body.text;
          const raw = typeof text === 'string' ? text : Buffer.from(text);
          const now = Math.floor(Date.now() / 1000);
          const signature =
            how === 'signed'
              ? signJambonz(WEBHOOK_SECRETS.jambonz, raw)
              : how === 'badSignature'
                ? signJambonz('not-the-secret', raw)
                : how === 'stale'
                  ? signJambonz(WEBHOOK_SECRETS.jambonz, raw, now - 3_600)
                  : undefined;
          const path = hook === '/jambonz/{unknown}' ? `/jambonz/${encode(unknown)}` : hook;
          const answer = await sendFuzz(figures, `${url}${path}`, { method: 'POST', route, body: { ...body, text }, headers: signature ? { 'jambonz-signature': signature } : {} });
          expectClientError(answer, `${route} ${how} (${body.kind})`);
          if (how !== 'signed') {
            figures.forged.tried += 1;
            // Refused for its signature, or before anything is read (413: too large to be worth checking; 404: no such hook).
            expect(hook === '/jambonz/{unknown}' ? [403, 404, 413] : [403, 413], `${route} ${how}`).toContain(answer.status);
            figures.forged.refused += 1;
          }
        }),
        { seed: seedFor(settings.seed, route), numRuns: settings.runs },
      ),
    );
  }
}

/** Opens the jambonz WebSocket as jambonz does (subprotocol, Basic credentials), or says why it was refused. */
function openSocket(url: string, auth: string | undefined, protocol = JAMBONZ_SUBPROTOCOL): Promise<{ ws?: WebSocket; refused?: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}${JAMBONZ_WS_PATH}`, [protocol], auth ? { auth } : {});
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ refused: res.statusCode ?? 0 });
      res.resume();
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

async function jambonzSocket({ url, settings, figures }: WebhookFuzzOptions, failures: string[]): Promise<void> {
  const route = `WS ${JAMBONZ_WS_PATH}`;
  const credentials = `${WEBHOOK_SECRETS.wsUsername}:${WEBHOOK_SECRETS.wsPassword}`;
  // Forged upgrades: no credentials, wrong ones, no subprotocol.
  for (const [auth, protocol] of [
    [undefined, JAMBONZ_SUBPROTOCOL],
    [`${WEBHOOK_SECRETS.wsUsername}:wrong`, JAMBONZ_SUBPROTOCOL],
    ['admin:admin', JAMBONZ_SUBPROTOCOL],
    [credentials, 'chat'],
  ] as const) {
    const opened = await openSocket(url, auth, protocol);
    opened.ws?.terminate();
    figures.record(route, url, opened.refused ?? 101, 'forgedUpgrade', '');
    figures.forged.tried += 1;
    if (opened.refused && opened.refused < 500) figures.forged.refused += 1;
    if (!opened.refused) failures.push(`${route}: an upgrade with ${auth ?? 'no credentials'} / ${protocol} was accepted`);
  }

  let socket: WebSocket | undefined;
  let closedBadly: number[] = [];
  const acks = new Map<string, () => void>();
  const connect = async () => {
    const opened = await openSocket(url, credentials);
    if (!opened.ws) throw new Error(`the jambonz WebSocket refused the configured credentials: ${opened.refused}`);
    opened.ws.on('message', (raw) => {
      const frame = JSON.parse(raw.toString()) as { type?: string; msgid?: string };
      if (frame.type === 'ack' && frame.msgid) acks.get(frame.msgid)?.();
    });
    // 1009 (too big) and 1007 (not text) are the protocol's own refusals; 1011 is a crash.
    opened.ws.on('close', (code) => code === 1011 && closedBadly.push(code));
    return opened.ws;
  };
  const frame = fc.oneof(
    {
      weight: 3,
      arbitrary: mutationOf({ type: 'session:new', msgid: 'm', call_sid: 'fuzz-ws-1', data: callHookPayload({ callSid: 'fuzz-ws-1', from: '+2290197000001', to: '1919' }) }).map((v) =>
        JSON.stringify(v),
      ),
    },
    {
      weight: 3,
      arbitrary: mutationOf({
        type: 'verb:hook',
        msgid: 'm',
        call_sid: 'fuzz-ws-1',
        hook: JAMBONZ_HOOKS.gather,
        data: subsequentPayload({ callSid: 'fuzz-ws-1', from: '+2290197000001', to: '1919' }, {}, gatherDigits('1')),
      }).map((v) => JSON.stringify(v)),
    },
    { weight: 2, arbitrary: hostileBody(['type', 'msgid', 'call_sid', 'hook', 'data']).map((b) => b.text) },
  );
  await check(failures, route, async () => {
    await fc.assert(
      fc.asyncProperty(frame, async (text) => {
        if (!socket || socket.readyState !== WebSocket.OPEN) socket = await connect();
        await new Promise<void>((resolve) => socket!.send(text, { binary: typeof text !== 'string' }, () => resolve()));
        figures.record(route, url, 101, 'frame', '');
        expect(closedBadly, 'WebSocket closed with 1011 (internal error)').toEqual([]);
      }),
      { seed: seedFor(settings.seed, route), numRuns: settings.runs * 3 },
    );
    // The server still serves after all that: a real session on a new socket is answered.
    socket?.terminate();
    socket = await connect();
    const answered = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('session:new after the fuzzing was not acked within 5 s')), 5_000);
      acks.set('final', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    socket.send(JSON.stringify({ type: 'session:new', msgid: 'final', call_sid: 'fuzz-ws-final', data: callHookPayload({ callSid: 'fuzz-ws-final', from: '+2290197000002', to: '1919' }) }));
    await answered;
    socket.terminate();
    closedBadly = [];
  });
}

async function whatsappWebhook({ url, settings, figures }: WebhookFuzzOptions, failures: string[]): Promise<void> {
  const route = 'POST /whatsapp/webhook';
  const base = whatsappWebhooks.textMessage('1', { waId: '22997000011' }) as Json;
  await check(failures, route, () =>
    fc.assert(
      fc.asyncProperty(webhookBody(base), fc.constantFrom('signed', 'signed', 'signed', 'unsigned', 'badSignature'), async (body, how) => {
        const raw = typeof body.text === 'string' ? body.text : Buffer.from(body.text);
        const signature = how === 'signed' ? signBody(WEBHOOK_SECRETS.whatsapp, raw) : how === 'badSignature' ? signBody('not-the-secret', raw) : undefined;
        const answer = await sendFuzz(figures, `${url}/whatsapp/webhook`, { method: 'POST', route, body, headers: signature ? { 'x-hub-signature-256': signature } : {} });
        expectClientError(answer, `${route} ${how} (${body.kind})`);
        if (how !== 'signed') {
          figures.forged.tried += 1;
          // Refused before anything is read (413: too large to be worth checking), or for its signature.
          expect([401, 403, 413], `${route} ${how}`).toContain(answer.status);
          figures.forged.refused += 1;
        }
      }),
      { seed: seedFor(settings.seed, route), numRuns: settings.runs * 2 },
    ),
  );
  const handshake = 'GET /whatsapp/webhook';
  await check(failures, handshake, () =>
    fc.assert(
      fc.asyncProperty(hostileQuery(['hub.mode', 'hub.verify_token', 'hub.challenge']), async (query) => {
        const answer = await sendFuzz(figures, `${url}/whatsapp/webhook?${query}`, { method: 'GET', route: handshake });
        figures.forged.tried += 1;
        expect(answer.status, `${handshake}?${query}`).toBe(403);
        figures.forged.refused += 1;
      }),
      { seed: seedFor(settings.seed, handshake), numRuns: settings.runs },
    ),
  );
}

/** A webhook signed like Meta's (`X-Hub-Signature-256`) with its subscription handshake: Messenger's. */
async function metaWebhook({ url, settings, figures }: WebhookFuzzOptions, failures: string[], hook: { path: string; secret: string; base: Json }): Promise<void> {
  const route = `POST ${hook.path}`;
  await check(failures, route, () =>
    fc.assert(
      fc.asyncProperty(webhookBody(hook.base), fc.constantFrom('signed', 'signed', 'signed', 'unsigned', 'badSignature'), async (body, how) => {
        const raw = typeof body.text === 'string' ? body.text : Buffer.from(body.text);
        const signature = how === 'signed' ? signBody(hook.secret, raw) : how === 'badSignature' ? signBody('not-the-secret', raw) : undefined;
        const answer = await sendFuzz(figures, `${url}${hook.path}`, { method: 'POST', route, body, headers: signature ? { 'x-hub-signature-256': signature } : {} });
        expectClientError(answer, `${route} ${how} (${body.kind})`);
        if (how !== 'signed') {
          figures.forged.tried += 1;
          expect([401, 403, 413], `${route} ${how}`).toContain(answer.status);
          figures.forged.refused += 1;
        }
      }),
      { seed: seedFor(settings.seed, route), numRuns: settings.runs * 2 },
    ),
  );
  const handshake = `GET ${hook.path}`;
  await check(failures, handshake, () =>
    fc.assert(
      fc.asyncProperty(hostileQuery(['hub.mode', 'hub.verify_token', 'hub.challenge']), async (query) => {
        const answer = await sendFuzz(figures, `${url}${hook.path}?${query}`, { method: 'GET', route: handshake });
        figures.forged.tried += 1;
        expect(answer.status, `${handshake}?${query}`).toBe(403);
        figures.forged.refused += 1;
      }),
      { seed: seedFor(settings.seed, handshake), numRuns: settings.runs },
    ),
  );
}

async function botFramework({ url, settings, figures }: WebhookFuzzOptions, failures: string[]): Promise<void> {
  const route = 'POST /api/messages';
  // Replies not asked for in the response go to this local connector, never anywhere else.
  const connector = await startFakeConnector();
  try {
    const base: Json = {
      type: 'message',
      id: 'act-1',
      channelId: 'webchat',
      serviceUrl: connector.url,
      timestamp: new Date().toISOString(),
      locale: 'fr-FR',
      from: { id: 'fuzz-user', name: 'Awa' },
      recipient: { id: 'griot-bot' },
      conversation: { id: 'fuzz-conv' },
      text: '1',
      deliveryMode: 'expectReplies',
    };
    await check(failures, route, () =>
      fc.assert(
        fc.asyncProperty(webhookBody(base), async (body) => {
          const answer = await sendFuzz(figures, `${url}/api/messages`, { method: 'POST', route, body: keepRepliesLocal(body, connector.url) });
          expectClientError(answer, `${route} (${body.kind})`);
        }),
        { seed: seedFor(settings.seed, route), numRuns: settings.runs * 2 },
      ),
    );
  } finally {
    await connector.close();
  }
}

/** A mutated serviceUrl that still reads as a URL is pointed back at the local connector. */
function keepRepliesLocal(body: HostileBody, local: string): HostileBody {
  if (typeof body.text !== 'string' || !body.text.includes('http')) return body;
  return { ...body, text: body.text.replace(/https?:\/\/[^"\\]*/g, local) };
}

async function webchat({ url, settings, figures, webchatBinding }: WebhookFuzzOptions, failures: string[]): Promise<void> {
  const route = 'POST /chat/{bindingId}/messages';
  await check(failures, route, () =>
    fc.assert(
      fc.asyncProperty(webhookBody({ text: '1', messageId: '3f1c2a9e-7b4d-4e21-9c3a-0d5e6f7a8b91' }), fc.oneof(fc.constant(webchatBinding), hostileSegment), async (body, binding) => {
        const answer = await sendFuzz(figures, `${url}/chat/${encode(binding)}/messages`, { method: 'POST', route, body });
        expectClientError(answer, `${route} (${body.kind})`);
      }),
      { seed: seedFor(settings.seed, route), numRuns: settings.runs * 2 },
    ),
  );
  const page = 'GET /chat/{bindingId}';
  await check(failures, page, () =>
    fc.assert(
      fc.asyncProperty(hostileSegment, async (binding) => {
        const answer = await sendFuzz(figures, `${url}/chat/${encode(binding)}`, { method: 'GET', route: page });
        expect(answer.status, `${page} ${binding}`).toBeLessThan(500);
      }),
      { seed: seedFor(settings.seed, page), numRuns: settings.runs },
    ),
  );
}

/** A USSD gateway's form (a callback or an end-of-session notification) with odd values, sometimes a field left out. */
function ussdForm(fields: readonly string[]): fc.Arbitrary<HostileBody> {
  const value = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.constantFrom('', '*919#', '+2290197000001', 'Incomplete', 'Failed', 'Success', '1*1*00', '__proto__', 'x'.repeat(3_000)));
  return fc
    .record(Object.fromEntries(fields.map((f) => [f, value])), { requiredKeys: [] })
    .map((form) => ({ text: new URLSearchParams(form as Record<string, string>).toString(), contentType: 'application/x-www-form-urlencoded', kind: 'oddForm' }));
}

/** The USSD gateway's callback and its end-of-session notification: the token in the URL, missing or wrong. */
async function ussdGateway({ url, settings, figures }: WebhookFuzzOptions, failures: string[]): Promise<void> {
  const routes = [
    { path: '/ussd', fields: ['sessionId', 'serviceCode', 'phoneNumber', 'networkCode', 'text'] },
    { path: '/ussd/events', fields: ['sessionId', 'status', 'serviceCode', 'phoneNumber', 'networkCode', 'input', 'lastAppResponse', 'errorMessage', 'cost', 'durationInMillis', 'hopsCount'] },
  ];
  for (const { path, fields } of routes) {
    const route = `POST ${path}`;
    await check(failures, route, () =>
      fc.assert(
        fc.asyncProperty(
          fc.oneof({ weight: 3, arbitrary: ussdForm(fields) }, { weight: 2, arbitrary: hostileBody(fields) }),
          fc.constantFrom('token', 'token', 'token', 'none', 'wrongToken'),
          async (body, how) => {
            const query = how === 'token' ? `?token=${WEBHOOK_SECRETS.ussd}` : how === 'wrongToken' ? '?token=not-the-ussd-token' : '';
            const answer = await sendFuzz(figures, `${url}${path}${query}`, { method: 'POST', route, body });
            expectClientError(answer, `${route} ${how} (${body.kind})`);
            if (how !== 'token') {
              figures.forged.tried += 1;
              expect([401, 403], `${route} ${how}`).toContain(answer.status);
              figures.forged.refused += 1;
            }
          },
        ),
        { seed: seedFor(settings.seed, route), numRuns: settings.runs * 2 },
      ),
    );
  }
}
