import type { Effect, Locale, SayEffect, Session } from '@griot/flows';
import { renderCallbackOffer } from './callbackOffer.ts';
import { customerDataWith, sameState, type CallState } from './callState.ts';
import type { HookUrls } from './hooks.ts';
import { renderApology } from './renderApology.ts';
import { renderGather } from './renderGather.ts';
import { renderHandoff } from './renderHandoff.ts';
import { renderPrompts, type PromptContext } from './renderPrompts.ts';
import { recognizerFor, spokenLocale, synthesizerFor, type SpeechContext } from './speechConfig.ts';
import type { VoiceSettings } from '@griot/flows';
import type { ConfigVerb, Verb } from './verbs.ts';

/** What the renderer needs from one turn of the engine. */
export interface TurnView {
  effects: readonly Effect[];
  /** `turns`: the session's turn number, kept in the call's state (the next gather answers it once). */
  session: Pick<Session, 'locale' | 'flowId' | 'flowVersion' | 'status' | 'wait'> & { turns?: number };
  locales: readonly Locale[];
  /** A look-up is still running (the engine ended the effects with its wait prompt): a continuation follows. */
  pending: boolean;
  /** The agent queues took the handoff: when to offer a callback, or at once (the queue is closed). */
  queued?: { callbackAfterSeconds: number | null; offerCallbackNow: boolean } | undefined;
}

export interface RenderContext {
  /** The call's state before this turn (on the first turn: key, binding and account defaults). */
  state: CallState;
  /** The first answer of the call configures speech for the whole session. */
  first: boolean;
  /** The call's `customerData` as jambonz sent it: other keys survive Griot's `tag`. */
  customerData?: Record<string, unknown>;
  settings: VoiceSettings;
  hooks: HookUrls;
  /** `${publicBaseUrl}/audio`. */
  audioBase: string;
}

export interface RenderedTurn {
  verbs: Verb[];
  /** The state to keep (already written into the verbs with `tag` when it changed). */
  state: CallState;
  /** Whether the verbs end the call. */
  ends: boolean;
}

/**
 * Verbs that play out and hang up without another hook: after an answer made only of these (and
 * the first turn's `config`), nothing reads the call's state again. The final status reads none
 * (`acknowledgeStatus`, `status`: the contact is named by `call_sid`), and a hook sent again carries
 * the customerData of the answer it came from, not this one's.
 */
const LAST_VERBS = new Set(['say', 'play', 'pause', 'hangup']);

/** Verbs after which the call goes on without another answer from Griot being lost. */
const CONTINUES = new Set(['gather', 'enqueue', 'dial', 'hangup', 'redirect']);

/** The locale the first `config` should speak: that of the turn's first words, else the session's. */
function openingLocale(turn: TurnView): string {
  for (const e of turn.effects) {
    if (e.type === 'say' || e.type === 'ask' || e.type === 'locale') return e.locale;
  }
  return turn.session.locale;
}

export function configFor(speech: SpeechContext, locale: string): ConfigVerb | undefined {
  const synthesizer = synthesizerFor(speech, locale);
  const recognizer = recognizerFor(speech, locale);
  if (!synthesizer && !recognizer) return undefined;
  return { verb: 'config', ...(synthesizer ? { synthesizer } : {}), ...(recognizer ? { recognizer } : {}) };
}

/**
 * One turn's effects as jambonz verbs, in order: speech configuration (first turn, language
 * change), the call's state as a `tag` when it changed, prompts, then what the call waits for
 * (a gather, a queue or a dial), or a hangup. Pure: the same turn and context give the same verbs.
 */
export function renderTurn(turn: TurnView, ctx: RenderContext): RenderedTurn {
  const speech: SpeechContext = { locales: turn.locales, settings: ctx.settings, defaults: ctx.state.defaults };
  let configured = ctx.first ? openingLocale(turn) : ctx.state.locale;
  const head: Verb[] = [];
  const body: Verb[] = [];
  if (ctx.first) {
    const config = configFor(speech, configured);
    if (config) head.push(config);
  }
  let node = ctx.state.node;
  let queue: CallState['queue'];
  let handoffContext: CallState['handoff'];
  let ends = false;
  let prompts: SayEffect[] = [];
  const fallbackLocale = speech.locales.find((l) => synthesizerFor(speech, l.code) !== undefined)?.code;
  const promptContext = (): PromptContext => ({
    flowId: turn.session.flowId,
    audioBase: ctx.audioBase,
    configuredLocale: configured,
    synthesizerFor: (locale) => synthesizerFor(speech, locale),
    ...(fallbackLocale ? { fallbackLocale } : {}),
  });
  const flush = () => {
    body.push(...renderPrompts(prompts, promptContext()));
    prompts = [];
  };
  turn.effects.forEach((effect) => {
    if (ends) return;
    switch (effect.type) {
      case 'say':
        prompts.push(effect);
        break;
      case 'locale': {
        flush();
        if (effect.locale !== configured) {
          configured = effect.locale;
          const config = configFor(speech, configured);
          if (config) body.push(config);
        }
        break;
      }
      case 'ask': {
        const rendered = renderPrompts(prompts, promptContext());
        prompts = [];
        const nested = effect.bargeIn ? rendered.pop() : undefined;
        body.push(...rendered);
        body.push(renderGather(effect, nested, { actionHook: ctx.hooks.gather, recognizer: recognizerFor(speech, effect.locale) }));
        node = effect.node;
        break;
      }
      case 'webhook':
        // Performed by the engine; a slow one's wait prompt comes as a say effect after it.
        node = effect.node;
        break;
      case 'handoff': {
        flush();
        const verb = renderHandoff(effect, { settings: ctx.settings, hooks: ctx.hooks, sessionKey: ctx.state.session });
        handoffContext = { reason: effect.reason, callerNumber: effect.context.callerNumber, variables: boundedVariables(effect.context.variables) };
        if (verb.verb !== 'enqueue') {
          body.push(verb);
          node = effect.node;
          break;
        }
        const queued = turn.queued;
        const offer = effect.offerPrompt ? renderPrompts([effect.offerPrompt], promptContext())[0] : undefined;
        queue = {
          name: effect.queue,
          priority: effect.priority,
          ...(ctx.settings.queueMaxWaitSeconds ? { maxWaitSeconds: ctx.settings.queueMaxWaitSeconds } : {}),
          ...(ctx.settings.holdMusicUrl ? { holdMusicUrl: ctx.settings.holdMusicUrl } : {}),
          announceSeconds: ctx.settings.queueAnnounceSeconds,
          ...(queued && queued.callbackAfterSeconds !== null ? { callbackAfterSeconds: queued.callbackAfterSeconds } : {}),
          ...(recognizerFor(speech, turn.session.locale) ? { speech: true } : {}),
          ...(queued?.offerCallbackNow ? { closed: true, offered: true } : {}),
          ...(offer?.verb === 'say' ? { offerSay: { text: offer.text, ...(offer.synthesizer ? { synthesizer: offer.synthesizer } : {}) } } : {}),
          ...(offer?.verb === 'play' ? { offerPlay: { url: offer.url } } : {}),
        };
        // A closed queue that offers callbacks asks at once instead of putting the caller on hold.
        body.push(queued?.offerCallbackNow ? renderCallbackOffer({ ...ctx.state, speak: spokenLocale(speech, turn.session.locale), queue }, ctx.hooks) : verb);
        node = effect.node;
        break;
      }
      case 'end': {
        flush();
        if (effect.reason === 'error') {
          const speak = spokenLocale(speech, configured);
          body.push(...renderApology(speak.locale, speak.synthesizer));
        } else {
          body.push({ verb: 'hangup' });
        }
        ends = true;
        break;
      }
    }
  });
  flush();

  // A session the engine ended without an `end` effect (a hangup event) still hangs up.
  if (!ends && turn.session.status === 'ended') {
    body.push({ verb: 'hangup' });
    ends = true;
  }

  // Built in the schema's key order, so that an unchanged state serialises the same (no new tag).
  const { v, session, binding, defaults } = ctx.state;
  const state: CallState = {
    v,
    session,
    ...(binding !== undefined ? { binding } : {}),
    flow: turn.session.flowId,
    flowVersion: turn.session.flowVersion,
    locale: configured,
    ...(node ? { node } : {}),
    ...(turn.session.turns !== undefined ? { turn: turn.session.turns } : {}),
    defaults,
    speak: spokenLocale(speech, turn.session.locale),
    ...(queue ? { queue } : {}),
    ...(handoffContext ? { handoff: handoffContext } : {}),
  };
  // The answer that hangs up carries no new state: ~330 bytes less to serialise, send, and have
  // jambonz hold for a status that never reads them (issue 17).
  const last = ends && body.every((v) => LAST_VERBS.has(v.verb));
  if (!last && (ctx.first || !sameState(ctx.state, state))) {
    head.push({ verb: 'tag', data: customerDataWith(ctx.customerData, state) });
  }
  return { verbs: [...head, ...body], state, ends };
}

/** customerData travels with every hook (and a WebSocket frame is capped at 24 KiB): keep it small. */
function boundedVariables(variables: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  let size = 0;
  for (const [name, value] of Object.entries(variables)) {
    size += name.length + JSON.stringify(value ?? null).length;
    if (size > 2048) break;
    kept[name] = value;
  }
  return kept;
}

/** Whether a verb list keeps the call alive or ends it on purpose (else jambonz would hang up). */
export function continuesCall(verbs: readonly Verb[]): boolean {
  return verbs.some((v) => CONTINUES.has(v.verb));
}
