import type { Flow } from '@griot/flows';
import { agentTargetFor, JambonzApiError, JambonzCalls, parseVoiceSettings, planCallbackCall, type CallbackCallOutcome, type CallbackCallPort, type CallbackCallRef } from '@griot/connectors';
import type { Logger } from '../logger.ts';
import { sensitiveNamesOf } from '../sensitive/sensitiveNames.ts';
import type { Binding, CallbackCall, CallbackRequest, CallbackRequestPatch } from '../store/types.ts';
import type { CallbacksOutConfig } from './callbacksOutConfig.ts';
import type { HandoffService } from './HandoffService.ts';

const FAILURE_REASON: Record<Exclude<CallbackCallOutcome, 'completed'>, string> = {
  'no-answer': 'no_answer',
  busy: 'busy',
  failed: 'call_failed',
  'agent-unavailable': 'agent_unavailable',
};

/** The handoff context the flow stored on the request (the fields read here). */
interface StoredContext {
  flowId?: unknown;
  flowVersion?: unknown;
  variables?: unknown;
}

/**
 * Callbacks out: when an agent takes a callback request, Griot calls the subscriber through
 * jambonz's REST API, and the call's hooks (connectors' `callbackCallRouter`) report back
 * through `port`. A call jambonz refuses, a subscriber who does not answer or is busy, or an
 * agent who does not pick up turns the request `failed` with the reason, for a retry from the
 * inbox; a call answered and over leaves it with the agent, who marks it done.
 */
export class CallbacksOut {
  readonly port: CallbackCallPort = {
    answered: (call) => this.answered(call),
    ended: (call) => this.ended(call),
  };
  private readonly log: Logger;

  constructor(
    private readonly handoff: HandoffService,
    private readonly config: CallbacksOutConfig,
    private readonly calls: JambonzCalls = new JambonzCalls(config.api),
  ) {
    this.log = handoff.options.logger.child({ component: 'callbacksOut' });
  }

  /** Places the call for a request an agent just took; returns the request with its `lastCall`, or failed. */
  async place(request: CallbackRequest): Promise<CallbackRequest> {
    const attempt = request.attempts;
    const context = (request.context ?? {}) as StoredContext;
    const flowId = typeof context.flowId === 'string' ? context.flowId : undefined;
    const flowVersion = typeof context.flowVersion === 'number' ? context.flowVersion : null;
    const binding = await this.voiceBindingOf(request, flowId);
    const bindingSettings = parseVoiceSettings(binding?.settings).settings;
    const from = bindingSettings.callbackFrom ?? this.config.from ?? (binding && /^\+?\d{2,20}$/.test(binding.address) ? binding.address : undefined);
    if (!from) {
      return this.fail(request, attempt, 'not_configured', 'no caller ID for the call: set GRIOT_CALLBACK_FROM or the voice binding’s callbackFrom');
    }
    const flow = flowId ? await this.flowOf(flowId, flowVersion) : null;
    const plan = planCallbackCall({
      request: {
        id: request.id,
        attempt,
        number: request.number,
        locale: request.locale,
        queue: request.queue,
        reason: request.reason,
        agent: request.agent ?? '',
        ...(flowId ? { flow: { id: flowId, version: flowVersion } } : {}),
        variables: nonSensitive(context.variables, flow),
      },
      from,
      publicBaseUrl: this.config.publicUrl,
      ringSeconds: this.config.ringSeconds,
      locales: flow?.locales ?? [],
      ...(binding ? { bindingSettings: binding.settings } : {}),
      ...(this.config.speech ? { fallbackSpeech: this.config.speech } : {}),
    });
    if (!plan.ok) return this.fail(request, attempt, 'not_configured', plan.problem);
    let sid: string;
    try {
      sid = (await this.calls.create(plan.body)).sid;
    } catch (error) {
      if (!(error instanceof JambonzApiError)) throw error;
      const reason = error.kind === 'refused' ? 'jambonz_refused' : 'jambonz_unavailable';
      this.log.error({ event: 'callback.placeFailed', callback: request.id, attempt, reason, status: error.status, detail: error.message }, 'jambonz did not place the callback call');
      return this.fail(request, attempt, reason, error.message, from);
    }
    this.log.info({ event: 'callback.placed', callback: request.id, attempt, callSid: sid, queue: request.queue, agent: request.agent }, 'callback call placed');
    // A hook of this call may have come first (a call failing at once): it wrote down more than `placed`.
    const meanwhile = await this.current(request);
    if (meanwhile.lastCall?.attempt === attempt && meanwhile.lastCall.sid === sid) return meanwhile;
    const placed: CallbackCall = { status: 'placed', attempt, sid, from, at: this.now() };
    return (await this.change(request.id, { lastCall: placed })) ?? this.current(request);
  }

  private async answered(call: CallbackCallRef): Promise<{ agentTarget: ReturnType<typeof agentTargetFor> } | null> {
    const request = await this.waitingFor(call);
    if (!request?.agent) return null;
    await this.change(request.id, { lastCall: { ...this.lastCallOf(request, call), status: 'answered', at: this.now() } });
    return { agentTarget: agentTargetFor(this.config.agentTarget, request.agent) };
  }

  private async ended(call: CallbackCallRef & { outcome: CallbackCallOutcome; detail?: string }): Promise<void> {
    const request = await this.waitingFor(call);
    if (!request) return;
    const last = this.lastCallOf(request, call);
    this.log.info({ event: 'callback.callEnded', callback: request.id, attempt: call.attempt, callSid: call.callSid, outcome: call.outcome }, 'callback call ended');
    if (call.outcome === 'completed') {
      if (last.status === 'answered') await this.change(request.id, { lastCall: { ...last, status: 'completed', at: this.now() } });
      else await this.fail(request, call.attempt, 'call_failed', 'the call ended before the subscriber was put through', last.from, call.callSid);
      return;
    }
    await this.fail(request, call.attempt, FAILURE_REASON[call.outcome], call.detail, last.from, call.callSid);
  }

  /** The request while it still waits for this call: taken, on the same attempt, not another call. */
  private async waitingFor(call: CallbackCallRef): Promise<CallbackRequest | null> {
    const request = await this.handoff.store.getCallbackRequest(call.id);
    const last = request?.lastCall?.attempt === call.attempt ? request.lastCall : undefined;
    const current = request?.status === 'taken' && request.attempts === call.attempt && (!last?.sid || last.sid === call.callSid);
    if (!current) this.log.info({ event: 'callback.staleCall', callback: call.id, attempt: call.attempt, callSid: call.callSid }, 'a callback call no longer matches its request');
    return current ? request : null;
  }

  private lastCallOf(request: CallbackRequest, call: CallbackCallRef): CallbackCall {
    // A hook may come before Griot wrote down the call it placed (or over the previous attempt's).
    const last = request.lastCall?.attempt === call.attempt ? request.lastCall : undefined;
    return { status: 'placed', at: this.now(), ...last, attempt: call.attempt, sid: call.callSid };
  }

  private async fail(request: CallbackRequest, attempt: number, reason: string, detail: string | undefined, from?: string, sid?: string): Promise<CallbackRequest> {
    const lastCall: CallbackCall = { status: 'failed', attempt, ...(sid ? { sid } : {}), ...(from ? { from } : {}), at: this.now(), reason, ...(detail ? { detail } : {}) };
    return (await this.change(request.id, { status: 'failed', lastCall })) ?? this.current(request);
  }

  /** Changes the request while it is taken, and tells the inbox; null when it moved on meanwhile. */
  private async change(id: string, patch: CallbackRequestPatch): Promise<CallbackRequest | null> {
    const changed = await this.handoff.store.updateCallbackRequest(id, ['taken'], { ...patch, updatedAt: this.now() });
    if (changed) {
      this.handoff.events.publish({ type: 'callback', id, queue: changed.queue, status: changed.status, at: changed.updatedAt });
      // The request is `completed` when the agent marks it done, not when a call ends.
      const step = patch.status === 'failed' ? 'failed' : patch.lastCall?.status === 'placed' ? 'placed' : patch.lastCall?.status === 'answered' ? 'answered' : undefined;
      if (step) await this.handoff.tell((o) => o.callbackChanged(changed, step));
    }
    return changed;
  }

  private async current(request: CallbackRequest): Promise<CallbackRequest> {
    return (await this.handoff.store.getCallbackRequest(request.id)) ?? request;
  }

  /** The voice binding the subscriber called (its session's), else the flow's voice binding (production first). */
  private async voiceBindingOf(request: CallbackRequest, flowId: string | undefined): Promise<Binding | null> {
    const store = this.handoff.store;
    const contact = request.contactId ? await store.getHandoffContact(request.contactId) : null;
    const session = contact ? await store.getSession(contact.sessionKey, this.now()) : null;
    const own = session?.bindingId ? await store.getBinding(session.bindingId) : null;
    if (own?.channel === 'voice') return own;
    if (!flowId) return null;
    const voice = (await store.listBindings()).filter((b) => b.channel === 'voice' && b.flowId === flowId);
    return voice.find((b) => b.environment === 'production') ?? voice[0] ?? null;
  }

  private async flowOf(flowId: string, version: number | null): Promise<Flow | null> {
    const store = this.handoff.store;
    if (version !== null) return (await store.getVersion(flowId, version))?.document ?? null;
    return (await store.getDraft(flowId))?.document ?? null;
  }

  private now(): string {
    return this.handoff.options.now();
  }
}

/**
 * The context variables that may leave Griot in the call's tag. The flow already leaves
 * sensitive ones out of a handoff's context; this checks again against the flow's sensitive
 * variables (declared, and their copies: `set pukCopy = puk`), in case the request outlived a
 * change of the flow.
 */
export function nonSensitive(variables: unknown, flow: Flow | null): Record<string, unknown> {
  if (!variables || typeof variables !== 'object' || Array.isArray(variables)) return {};
  const sensitive = flow ? sensitiveNamesOf(flow) : new Set<string>();
  return Object.fromEntries(Object.entries(variables).filter(([name]) => !sensitive.has(name) && name !== 'secret' && !name.startsWith('secret.')));
}
