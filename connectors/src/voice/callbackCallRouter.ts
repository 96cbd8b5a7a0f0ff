import express, { type Request, type Response, type Router } from 'express';
import { boundedBodyParser } from '../http/boundedBodyParser.ts';
import type { z } from 'zod';
import { callAddress } from './callAddress.ts';
import { CALLBACK_HOOKS, callbackHookUrls, type CallbackHookName } from './callbackHooks.ts';
import type { CallbackCallOutcome, CallbackCallPort, CallbackCallRef } from './callbackCallPort.ts';
import { readCallbackTag, type CallbackTag } from './callbackTag.ts';
import { silentLogger, type ChannelLogger } from '../channel/ChannelLogger.ts';
import { CallHookPayload, DialActionPayload, StatusPayload, type CallInfo } from './inbound.ts';
import { renderApology } from './renderApology.ts';
import { renderCallbackAgentUnavailable, renderCallbackAnswer } from './renderCallbackAnswer.ts';
import { signedHookBody } from './signedHookBody.ts';
import type { Verb } from './verbs.ts';
import { voiceAccess, type VoiceCredentials } from './voiceAccess.ts';

/** Hooks are signed with the account's webhook secret (`webhookSecret`), checked as the call hooks are. */
export interface CallbackCallDeps extends VoiceCredentials {
  port: CallbackCallPort;
  /** Griot's public URL (the dial's action hook is absolute, as the call was placed over REST). */
  publicBaseUrl: string;
  logger?: ChannelLogger;
  /** Seconds to ring the agent once the subscriber answered. */
  agentRingSeconds?: number;
}

const FINAL: Partial<Record<string, CallbackCallOutcome>> = { completed: 'completed', 'no-answer': 'no-answer', busy: 'busy', failed: 'failed' };

type Reply = { status: 200; verbs: Verb[] } | { status: 204 } | { status: 400; message: string };

/**
 * The hooks of the calls Griot places to call subscribers back (`/jambonz/callback/answer`,
 * `…/status`, `…/dial`), signed like every jambonz webhook. Answered: a greeting, then a `dial`
 * to the agent who took the request, with the context in `X-Griot-*` headers. The request
 * itself changes only through the port (failed on no answer, busy, a failed call or an agent
 * who does not pick up).
 */
export function callbackCallRouter(deps: CallbackCallDeps): Router {
  const log = deps.logger ?? silentLogger;
  const hooks = callbackHookUrls(deps.publicBaseUrl);
  const { webhooks } = voiceAccess(deps);
  const router = express.Router();
  router.use('/jambonz/callback', boundedBodyParser('512kb', express.raw({ type: () => true, limit: '512kb' })));

  for (const [name, path] of Object.entries(CALLBACK_HOOKS) as Array<[CallbackHookName, string]>) {
    router.post(path, async (req: Request, res: Response) => {
      const body = signedHookBody(req, res, { access: webhooks, hook: `callback.${name}`, log, onRefused: deps.onSignatureFailure });
      if (!body) return;
      const reply = await handle(name, body.payload);
      if (reply.status === 400) res.status(400).json({ error: { code: 'invalid_payload', message: reply.message } });
      else if (reply.status === 204) res.status(204).end();
      else res.status(200).json(reply.verbs);
    });
  }

  async function handle(name: CallbackHookName, payload: unknown): Promise<Reply> {
    switch (name) {
      case 'answer':
        return parsed(CallHookPayload, payload, answer);
      case 'status':
        return parsed(StatusPayload, payload, status);
      case 'dial':
        return parsed(DialActionPayload, payload, dialEnded);
    }
  }

  async function parsed<S extends z.ZodType>(schema: S, payload: unknown, run: (p: z.infer<S>, tag: CallbackTag | undefined) => Promise<Reply>): Promise<Reply> {
    const result = schema.safeParse(payload);
    if (!result.success) {
      const issue = result.error.issues[0];
      return { status: 400, message: `${issue?.path.join('.') || 'payload'}: ${issue?.message ?? 'invalid'}` };
    }
    const data = result.data as z.infer<S> & CallInfo;
    return run(data, readCallbackTag(data.customerData));
  }

  const refOf = (tag: CallbackTag, payload: CallInfo): CallbackCallRef => ({ id: tag.id, attempt: tag.attempt, callSid: payload.call_sid });

  async function answer(payload: CallHookPayload, tag: CallbackTag | undefined): Promise<Reply> {
    if (!tag) {
      log.warn({ callSid: payload.call_sid, reason: 'noCallbackTag' }, 'voice: a callback call without its tag');
      return { status: 200, verbs: [{ verb: 'hangup' }] };
    }
    try {
      const plan = await deps.port.answered(refOf(tag, payload));
      if (!plan) {
        log.info({ callSid: payload.call_sid, callback: tag.id, reason: 'callbackNotWaiting' }, 'voice: the callback request no longer waits for this call');
        return { status: 200, verbs: renderApology(tag.speak.locale, tag.speak.synthesizer) };
      }
      log.info({ callSid: payload.call_sid, callback: tag.id, agentTarget: plan.agentTarget.type }, 'voice: callback answered, putting the agent through');
      const verbs = renderCallbackAnswer(tag, {
        agentTarget: plan.agentTarget,
        subscriberNumber: callAddress(payload.to),
        callSid: payload.call_sid,
        dialHook: hooks.dial,
        agentRingSeconds: deps.agentRingSeconds ?? 30,
      });
      return { status: 200, verbs };
    } catch (error) {
      log.error({ callSid: payload.call_sid, callback: tag.id, err: error }, 'voice: could not connect a callback, apologising');
      return { status: 200, verbs: renderApology(tag.speak.locale, tag.speak.synthesizer) };
    }
  }

  async function status(payload: StatusPayload, tag: CallbackTag | undefined): Promise<Reply> {
    const outcome = FINAL[payload.call_status];
    if (!tag || !outcome) return { status: 204 };
    await report(refOf(tag, payload), outcome, payload.sip_status === undefined ? undefined : `SIP ${payload.sip_status}`);
    return { status: 204 };
  }

  async function dialEnded(payload: DialActionPayload, tag: CallbackTag | undefined): Promise<Reply> {
    if (!tag || payload.call_status === 'completed') return { status: 200, verbs: [] };
    if (payload.dial_call_status === 'completed') return { status: 200, verbs: [{ verb: 'hangup' }] };
    const detail = `agent ${payload.dial_call_status ?? 'unreachable'}${payload.dial_sip_status ? ` (SIP ${payload.dial_sip_status})` : ''}`;
    await report(refOf(tag, payload), 'agent-unavailable', detail);
    return { status: 200, verbs: renderCallbackAgentUnavailable(tag) };
  }

  async function report(call: CallbackCallRef, outcome: CallbackCallOutcome, detail: string | undefined): Promise<void> {
    try {
      await deps.port.ended({ ...call, outcome, ...(detail ? { detail } : {}) });
    } catch (error) {
      log.error({ callSid: call.callSid, callback: call.id, outcome, err: error }, 'voice: could not record how a callback call ended');
    }
  }

  return router;
}
