import type { ClassifyEffect, Effect, Flow, FlowEvent, Session, WebhookEffect } from '@griot/flows';
import type { Logger } from '../logger.ts';
import type { SessionRecord } from '../store/types.ts';
import { explainedWebhook, type ExplainedWebhook } from '../webhooks/performWebhook.ts';
import type { LookupFailure } from '../webhooks/lookupFailure.ts';
import type { PreviewLookups } from './PreviewLookups.ts';
import type { ConversationServiceOptions } from './types.ts';
import { roundMs, type LookupAnswer, type TurnSoFar } from './turnState.ts';
import { logKeyOf } from './logKey.ts';

/** A question the flow waits on: an `http` node's request or an `intent` node's classification. */
export interface Lookup {
  request: WebhookEffect | ClassifyEffect;
  /** The event to feed back; never rejects. */
  answer: Promise<FlowEvent>;
  /** When it started (`performance.now()`). */
  startedAt: number;
}

/** Why a look-up failed, kept with its answer (the event) for the turn's report: transcript and analytics. */
const failures = new WeakMap<FlowEvent, { cause: string; status?: number }>();

/** Answers with a status the flow's node reads as « not found » (its `notFoundStatuses`): an answer, shown as such in the transcript. */
const notFounds = new WeakSet<FlowEvent>();

/** Whether a look-up's answer was « not found » for the node that asked (a 404 by default): not a failure, not `ok` either. */
export function lookupNotFound(event: FlowEvent): boolean {
  return notFounds.has(event);
}

/** The cause of a failed look-up's answer (`timeout`, `http 503`, `ECONNREFUSED`, `http.hostNotAllowed`…), undefined when it did not fail. */
export function lookupFailureOf(event: FlowEvent): { cause: string; status?: number } | undefined {
  return failures.get(event);
}

/**
 * A failed look-up's cause in a few words, from what the request came to: never a body, a URL or
 * a message (they may hold the caller's number or the answer's values).
 */
function failureOf(event: FlowEvent, failure: LookupFailure | undefined, notFound: (status: number) => boolean): { cause: string; status?: number } | undefined {
  if (event.type !== 'webhook') return undefined;
  if (event.outcome === 'timeout') return { cause: 'timeout' };
  if (event.outcome === 'response') {
    const status = event.status;
    // A status the node reads as « not found » (404 by default) is an answer the flow expects, not a failure.
    if (status === undefined || (status >= 200 && status <= 299) || notFound(status)) return undefined;
    return { cause: `http ${status}`, status };
  }
  return { cause: failure?.params?.cause ?? failure?.code ?? 'error' };
}

/** Whether the flow's node reads this status as « not found » (its `notFoundStatuses`, 404 by default). */
function notFoundAt(flow: Flow, nodeId: string): (status: number) => boolean {
  return (status) => {
    const node = flow.nodes.find((n) => n.id === nodeId);
    return (node?.type === 'http' ? node.notFoundStatuses : [404]).includes(status);
  };
}

/**
 * Answers what a session waits on besides the caller: look-ups from a preview's fixtures or the
 * environment's backends, classifications from a preview's fixtures or the runtime's model.
 * Without a model the answer is `unavailable` and the flow's fallback classifier decides.
 */
export class LookupRunner {
  constructor(
    private readonly previews: PreviewLookups,
    private readonly options: Pick<ConversationServiceOptions, 'webhookTargetFor' | 'classify' | 'previewBackendAllowed'>,
    private readonly log: Logger,
  ) {}

  /**
   * Starts answering the request the step left the session waiting on, if any. `answered` holds
   * the answers an earlier attempt of the same event got (a turn run again after another
   * instance saved the session first): the same request is answered from it, not sent again, so
   * a request that changes something at the operator's (a POST) is made once.
   */
  start(record: SessionRecord, flow: Flow, session: Session, effects: Effect[], turn: TurnSoFar, answered?: Map<string, FlowEvent>): Lookup | null {
    const waitsFor = session.wait?.for;
    let request: WebhookEffect | ClassifyEffect | undefined;
    if (waitsFor === 'webhook') request = effects.find((e): e is WebhookEffect => e.type === 'webhook');
    else if (waitsFor === 'classifier') request = effects.find((e): e is ClassifyEffect => e.type === 'classify');
    if (!request) return null;
    const same = JSON.stringify(request);
    const earlier = answered?.get(same);
    if (earlier) return { request, answer: Promise.resolve(earlier), startedAt: performance.now() };
    const answer = this.perform(record, flow, request, turn);
    // `answer` never rejects (lookUp and classify turn every failure into an event); were it to, this branch must not crash the process.
    void answer.then(
      (event) => answered?.set(same, event),
      () => {},
    );
    return { request, answer, startedAt: performance.now() };
  }

  /**
   * Performs a request again (another instance took over a look-up whose owner died): the
   * same request the flow made, from the session as it was stored waiting for it.
   */
  perform(record: SessionRecord, flow: Flow, request: Lookup['request'], turn: TurnSoFar): Promise<FlowEvent> {
    if (request.type !== 'webhook') return this.classify(record, request);
    const notFound = notFoundAt(flow, request.node);
    return this.lookUp(record, notFound, request, turn).then((event) => {
      if (event.type === 'webhook' && event.outcome === 'response' && event.status !== undefined && notFound(event.status)) notFounds.add(event);
      return event;
    });
  }

  /** What to feed a session found waiting for an answer that no one is fetching (after a restart). */
  interrupted(before: Session, event: FlowEvent): FlowEvent | null {
    const waitsFor = before.wait?.for;
    if (event.type === 'hangup') return null;
    if (waitsFor === 'webhook' && event.type !== 'webhook') return { type: 'webhook', outcome: 'error', message: 'the look-up was interrupted' };
    if (waitsFor === 'classifier' && event.type !== 'classification') return { type: 'classification', outcome: 'unavailable' };
    return null;
  }

  failure(request: Lookup['request'], message: string): FlowEvent {
    return request.type === 'webhook' ? { type: 'webhook', outcome: 'error', message } : { type: 'classification', outcome: 'error' };
  }

  private async lookUp(record: SessionRecord, notFound: (status: number) => boolean, effect: WebhookEffect, turn: TurnSoFar): Promise<FlowEvent> {
    let environment = record.environment;
    const began = performance.now();
    if (record.preview) {
      const answer = this.previews.answer(record.key, effect);
      if ('event' in answer) return tellTester(turn, effect, 'fixture', answer.event, began);
      if ('missing' in answer) {
        turn.issues.push({ severity: 'warning', code: 'preview.noFixture', message: answer.missing, node: effect.node });
        return tellTester(turn, effect, 'missing', { type: 'webhook', outcome: 'error', message: answer.missing }, began, { code: 'preview.noFixture' });
      }
      // Previews never reach production systems, whatever version they run.
      environment = 'staging';
      // Only as a test number, checked again here: it may have been taken off the list since the start.
      if (this.options.previewBackendAllowed && !(await this.testNumberStill(this.options.previewBackendAllowed, record.session.caller.number))) {
        const message = `${record.session.caller.number} is no longer a test number (or the list could not be read): this preview may not call the backends`;
        turn.issues.push({ severity: 'warning', code: 'preview.notTestNumber', message, node: effect.node });
        return tellTester(turn, effect, 'missing', { type: 'webhook', outcome: 'error', message }, began, { code: 'preview.notTestNumber' });
      }
    }
    let explained: ExplainedWebhook;
    try {
      explained = await explainedWebhook(effect, this.options.webhookTargetFor(environment));
    } catch (error) {
      explained = { event: { type: 'webhook', outcome: 'error', message: (error as Error).message } };
    }
    const { event } = explained;
    const failed = failureOf(event, explained.failure, notFound);
    if (failed) {
      failures.set(event, failed);
      // One line per failed look-up, for whoever follows an incident: backend, cause, duration, the contact's key (a call's sid, a number's digest); never the request nor the answer.
      const backend = effect.backend ?? 'url';
      const durationMs = roundMs(performance.now() - began);
      this.log.warn(
        {
          event: 'conversation.lookupFailed',
          session: logKeyOf(record.key),
          node: effect.node,
          backend,
          cause: failed.cause,
          ...(failed.status !== undefined ? { status: failed.status } : {}),
          durationMs,
          ...(record.preview ? { preview: true } : {}),
        },
        `look-up to ${backend} failed (${failed.cause}, ${durationMs} ms): the flow takes its error path`,
      );
    }
    if (event.type === 'webhook' && event.outcome === 'error' && record.preview) {
      // The tester sees why the look-up took its error output (a refused request, a backend down…).
      turn.issues.push({ severity: 'warning', code: 'http.failed', message: `${effect.node}: ${event.message ?? 'the look-up failed'}`, node: effect.node });
    }
    // Outcome and status only: the URL holds the caller's number and the body the answer.
    if (this.log.isLevelEnabled('debug'))
      this.log.debug(
        {
          event: 'conversation.webhook',
          session: logKeyOf(record.key),
          node: effect.node,
          outcome: event.type === 'webhook' ? event.outcome : undefined,
          status: event.type === 'webhook' ? event.status : undefined,
          durationMs: roundMs(performance.now() - began),
        },
        'look-up answered',
      );
    return record.preview ? tellTester(turn, effect, 'backend', event, began, explained.failure) : event;
  }

  /** Whether a preview's number is still a test number; no when the list cannot be read (the store down): closed, never a crash. */
  private async testNumberStill(allowed: (number: string) => Promise<boolean>, number: string): Promise<boolean> {
    try {
      return await allowed(number);
    } catch (error) {
      this.log.warn({ event: 'preview.testNumbersUnreadable', error: (error as Error).message }, 'test numbers could not be read: the preview look-up is refused');
      return false;
    }
  }

  private async classify(record: SessionRecord, effect: ClassifyEffect): Promise<FlowEvent> {
    if (record.preview) {
      const scripted = this.previews.classification(record.key, effect);
      if (scripted) return scripted;
    }
    if (!this.options.classify) return { type: 'classification', outcome: 'unavailable' };
    const began = performance.now();
    let event: FlowEvent;
    try {
      event = await this.options.classify(effect);
    } catch {
      event = { type: 'classification', outcome: 'error' };
    }
    if (this.log.isLevelEnabled('debug'))
      this.log.debug(
        {
          event: 'conversation.classify',
          session: logKeyOf(record.key),
          node: effect.node,
          outcome: event.type === 'classification' ? event.outcome : undefined,
          durationMs: roundMs(performance.now() - began),
        },
        'classification answered',
      );
    return event;
  }
}

/** A preview's look-up answer, kept with the turn for the tester; the event goes on unchanged. */
function tellTester(turn: TurnSoFar, effect: WebhookEffect, source: LookupAnswer['source'], event: FlowEvent, began: number, failure?: LookupFailure): FlowEvent {
  if (event.type === 'webhook') {
    (turn.lookups ??= []).push({ node: effect.node, source, answer: event, durationMs: roundMs(performance.now() - began), ...(failure ? { failure } : {}) });
  }
  return event;
}
