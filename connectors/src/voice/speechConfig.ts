import type { Locale } from '@griot/flows';
import type { CallState } from './callState.ts';
import type { VoiceSettings } from '@griot/flows';
import type { Recognizer, Synthesizer } from './verbs.ts';
import { hasVoiceTexts } from './voiceTexts.ts';

/** Everything that decides how one locale is spoken and heard on this call. */
export interface SpeechContext {
  /** The flow's locales (empty when no flow could be loaded). */
  locales: readonly Locale[];
  settings: Pick<VoiceSettings, 'tts' | 'asr'>;
  /** The account's speech defaults, sent by jambonz in the first request only. */
  defaults: CallState['defaults'];
}

/** Region most vendors expect for a bare language code. */
const USUAL_REGION: Record<string, string> = { fr: 'fr-FR', en: 'en-US', pt: 'pt-PT', es: 'es-ES', ar: 'ar-XA', sw: 'sw-KE' };

/**
 * The language tag to hand a vendor: the flow's, else the account default's when it is the
 * same language ("fr" + default "fr-CA" → "fr-CA"), else the usual region, else the code.
 */
export function languageTag(code: string, explicit: string | undefined, fallback: string | undefined): string {
  if (explicit) return explicit;
  const primary = code.split('-')[0] ?? code;
  if (code.includes('-')) return code;
  if (fallback && (fallback.split('-')[0] ?? '') === primary) return fallback;
  return USUAL_REGION[primary] ?? code;
}

function findLocale(ctx: SpeechContext, code: string): Locale | undefined {
  return ctx.locales.find((l) => l.code === code);
}

/**
 * The TTS voice for a locale. The vendor comes from the binding (a deployment choice), else the
 * flow, else the account defaults; undefined for a language that has no voice (recorded audio).
 */
export function synthesizerFor(ctx: SpeechContext, code: string): Synthesizer | undefined {
  const locale = findLocale(ctx, code);
  if (locale && locale.tts === null) return undefined;
  const defaults = ctx.defaults.tts;
  const vendor = ctx.settings.tts?.vendor ?? locale?.tts?.vendor ?? defaults?.vendor;
  if (!vendor) return undefined;
  const language = languageTag(code, locale?.tts?.language, defaults?.language);
  const label = ctx.settings.tts?.label ?? (vendor === defaults?.vendor ? defaults?.label : undefined);
  // The account's default voice only fits when it speaks that language with that vendor.
  const voice = locale?.tts?.voice ?? (defaults?.voice && defaults.vendor === vendor && defaults.language === language ? defaults.voice : undefined);
  return { vendor, ...(label ? { label } : {}), language, ...(voice ? { voice } : {}) };
}

/** Speech recognition for a locale; undefined when callers there answer on the keypad only. */
export function recognizerFor(ctx: SpeechContext, code: string): Recognizer | undefined {
  const locale = findLocale(ctx, code);
  if (!locale || locale.asr === null) return undefined;
  const defaults = ctx.defaults.asr;
  const vendor = ctx.settings.asr?.vendor ?? locale.asr.vendor ?? defaults?.vendor;
  if (!vendor) return undefined;
  const label = ctx.settings.asr?.label ?? (vendor === defaults?.vendor ? defaults?.label : undefined);
  return { vendor, ...(label ? { label } : {}), language: languageTag(code, locale.asr.language, defaults?.language) };
}

/**
 * The locale Griot's own words (queue position, apologies) are spoken in: the caller's when
 * Griot has words and a voice for it, else the flow's first such locale, else French.
 */
export function spokenLocale(ctx: SpeechContext, code: string): { locale: string; synthesizer?: Synthesizer } {
  const candidates = [code, ...ctx.locales.map((l) => l.code)];
  for (const candidate of candidates) {
    const synthesizer = synthesizerFor(ctx, candidate);
    if (synthesizer && hasVoiceTexts(candidate)) return { locale: candidate, synthesizer };
  }
  const synthesizer = synthesizerFor({ ...ctx, locales: [] }, 'fr');
  return { locale: 'fr', ...(synthesizer ? { synthesizer } : {}) };
}
