import { continuationVerb } from '../jambonzRouter.ts';
import { hookNameOf } from '../hooks.ts';
import type { VoiceCallHandler } from '../voiceCallHandler.ts';
import type { JambonzLink } from './jambonzLinks.ts';

/**
 * Webhooks without the network: the router's contract (verbs, plus a `redirect` to continue a
 * slow look-up) straight on the turn handler, for tests that play many calls.
 */
export function inProcessLink(handler: VoiceCallHandler): JambonzLink {
  const call = async (path: string, payload: Record<string, unknown>) => {
    const hook = hookNameOf(path);
    if (!hook) throw new Error(`no hook at ${path}`);
    const round = Number(/[?&]round=(\d+)/.exec(path)?.[1] ?? 1);
    const reply = await handler.handle({ hook, payload, transport: 'http', baseUrl: 'http://griot.test', round });
    if (reply.kind === 'invalid') throw new Error(`400: ${reply.message}`);
    if (reply.kind === 'replayed') throw new Error(`409: ${reply.message}`);
    if (reply.kind === 'done') return [];
    return reply.continuation ? [...reply.verbs, continuationVerb(handler.deps, reply.continuation.round)] : reply.verbs;
  };
  return {
    transport: 'http',
    newCall: (payload) => call('/jambonz/call', payload),
    hook: (_kind, hook, payload) => call(hook, payload),
    nextCommand: () => Promise.reject(new Error('webhooks have no pushed commands')),
    status: async (payload) => {
      await call('/jambonz/status', payload);
    },
    close() {},
  };
}
