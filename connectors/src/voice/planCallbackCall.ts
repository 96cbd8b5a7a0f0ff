import type { Locale } from '@griot/flows';
import { callbackHookUrls } from './callbackHooks.ts';
import { CALLBACK_TAG_KEY, type CallbackTag } from './callbackTag.ts';
import type { CreateCallBody } from './jambonzCalls.ts';
import { recognizerFor, spokenLocale, type SpeechContext } from './speechConfig.ts';
import { parseVoiceSettings } from '@griot/flows';
import { hasVoiceTexts } from './voiceTexts.ts';
import type { Synthesizer } from './verbs.ts';

/** A TTS voice in full, as jambonz's API wants the call's speech defaults. */
export interface SpeechDefaults {
  vendor: string;
  language: string;
  voice: string;
}

export interface CallbackCallInput {
  request: {
    id: string;
    /** Which take of the request this call serves (1 for the first). */
    attempt: number;
    /** The subscriber's number. */
    number: string;
    locale: string;
    queue: string;
    reason: string;
    agent: string;
    flow?: { id: string; version: number | null };
    /** Non-sensitive context variables only: the caller of this function leaves the others out. */
    variables: Record<string, unknown>;
  };
  /** Caller ID the subscriber sees. */
  from: string;
  /** Griot's public URL: jambonz requests the callback hooks there. */
  publicBaseUrl: string;
  /** Seconds to ring the subscriber. */
  ringSeconds: number;
  /** The flow's locales (voices); empty when the flow cannot be loaded. */
  locales: readonly Locale[];
  /** The voice binding's settings (its TTS vendor wins over the flow's). */
  bindingSettings?: unknown;
  /** The call's speech defaults when the greeting's voice is not complete (GRIOT_CALLBACK_SPEECH). */
  fallbackSpeech?: SpeechDefaults;
}

export type CallbackCallPlan = { ok: true; body: CreateCallBody; tag: CallbackTag } | { ok: false; problem: string };

/**
 * The REST request that calls a subscriber back. jambonz's API server wants the call's speech
 * defaults when no jambonz application is named: they are the voice of Griot's greeting, which
 * speaks the subscriber's language when the flow has a voice for it and Griot has words in it,
 * else the fallback language (as Griot's other words), else GRIOT_CALLBACK_SPEECH.
 */
export function planCallbackCall(input: CallbackCallInput): CallbackCallPlan {
  const { request } = input;
  const ctx: SpeechContext = { locales: input.locales, settings: parseVoiceSettings(input.bindingSettings).settings, defaults: {} };
  let speak: CallbackTag['speak'] = spokenLocale(ctx, request.locale);
  let tts = completeVoice(speak.synthesizer);
  let recognizer = tts ? recognizerFor(ctx, speak.locale) : undefined;
  if (!tts && input.fallbackSpeech) {
    tts = input.fallbackSpeech;
    const language = tts.language.split('-')[0] ?? 'fr';
    speak = { locale: hasVoiceTexts(language) ? language : 'fr', synthesizer: { ...tts } };
  }
  if (!tts) {
    return { ok: false, problem: `no voice to greet the subscriber in ${request.locale}: give the flow's locale a TTS voice, or set GRIOT_CALLBACK_SPEECH` };
  }
  const tag: CallbackTag = {
    v: 1,
    id: request.id,
    attempt: request.attempt,
    queue: request.queue,
    reason: request.reason,
    locale: request.locale,
    agent: request.agent,
    ...(request.flow ? { flow: request.flow.version === null ? request.flow.id : `${request.flow.id}@${request.flow.version}` } : {}),
    variables: request.variables,
    speak,
  };
  const hooks = callbackHookUrls(input.publicBaseUrl);
  recognizer ??= { vendor: tts.vendor, language: tts.language };
  const body: CreateCallBody = {
    from: input.from,
    to: { type: 'phone', number: request.number },
    call_hook: { url: hooks.answer, method: 'POST' },
    call_status_hook: { url: hooks.status, method: 'POST' },
    tag: { [CALLBACK_TAG_KEY]: tag },
    timeout: input.ringSeconds,
    speech_synthesis_vendor: tts.vendor,
    speech_synthesis_language: tts.language,
    speech_synthesis_voice: tts.voice,
    speech_recognizer_vendor: recognizer.vendor,
    speech_recognizer_language: recognizer.language ?? tts.language,
  };
  return { ok: true, body, tag };
}

function completeVoice(synthesizer: Synthesizer | undefined): SpeechDefaults | undefined {
  if (!synthesizer?.language || !synthesizer.voice) return undefined;
  return { vendor: synthesizer.vendor, language: synthesizer.language, voice: synthesizer.voice };
}
