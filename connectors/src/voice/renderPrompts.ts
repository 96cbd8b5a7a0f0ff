import type { SayEffect } from '@griot/flows';
import type { PlayVerb, SayVerb, Synthesizer } from './verbs.ts';

const TAG = /<\/?[A-Za-z][^<>]*>/;
const ENTITY = /&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z]+);/;

/**
 * The text for a `say`: SSML in `<speak>` when it has markup (tags, or entities from values the
 * flow escaped), plain text otherwise so vendors without SSML read it as is.
 */
export function sayText(text: string): string {
  const trimmed = text.trim();
  if (/^<speak[\s>]/.test(trimmed)) return trimmed;
  return TAG.test(trimmed) || ENTITY.test(trimmed) ? `<speak>${trimmed}</speak>` : trimmed;
}

function innerSsml(text: string): string {
  const match = /^<speak[^>]*>([\s\S]*)<\/speak>$/.exec(text.trim());
  return match ? (match[1] ?? '') : text;
}

/** Where recorded prompts are served: `${audioBase}/<flowId>/<name>`, each path segment encoded. */
export function audioUrl(audioBase: string, flowId: string, name: string): string {
  const path = name.split('/').map(encodeURIComponent).join('/');
  return `${audioBase.replace(/\/+$/, '')}/${encodeURIComponent(flowId)}/${path}`;
}

export interface PromptContext {
  flowId: string;
  audioBase: string;
  /** The locale the call's `config` speaks now: prompts in it need no synthesizer of their own. */
  configuredLocale: string;
  synthesizerFor: (locale: string) => Synthesizer | undefined;
  /**
   * The flow's first locale with a voice: in a language without text-to-speech, a prompt's
   * text (a code, an amount) is spoken in it after the recording, so values still reach the
   * caller.
   */
  fallbackLocale?: string;
}

export type PromptVerb = SayVerb | PlayVerb;

function sameSynthesizer(a: Synthesizer | undefined, b: Synthesizer | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Prompts as few verbs as possible: recorded audio as `play` (consecutive files in one `play`),
 * text as `say` (consecutive texts in one voice joined), each in its own locale's voice. Fewer,
 * longer verbs matter because a gather can carry only one prompt for barge-in.
 */
export function renderPrompts(prompts: readonly SayEffect[], ctx: PromptContext): PromptVerb[] {
  const verbs: PromptVerb[] = [];
  for (const prompt of prompts) {
    const last = verbs.at(-1);
    let locale = prompt.locale;
    if (prompt.audio) {
      const url = audioUrl(ctx.audioBase, ctx.flowId, prompt.audio);
      if (last?.verb === 'play') last.url = [...(Array.isArray(last.url) ? last.url : [last.url]), url];
      else verbs.push({ verb: 'play', url });
      // A recording in a language that has a voice says it all; without a voice, the text
      // carries what no recording can hold (the caller's own code), read by the fallback voice.
      const voiceless = ctx.synthesizerFor(prompt.locale) === undefined;
      if (!voiceless || !ctx.fallbackLocale || !prompt.text?.trim()) continue;
      locale = ctx.fallbackLocale;
    }
    if (!prompt.text || prompt.text.trim() === '') continue;
    const synthesizer = locale === ctx.configuredLocale ? undefined : ctx.synthesizerFor(locale);
    if (last?.verb === 'say' && sameSynthesizer(last.synthesizer, synthesizer)) {
      const joined = `${innerSsml(last.text)} ${innerSsml(sayText(prompt.text))}`;
      last.text = sayText(TAG.test(last.text) || TAG.test(prompt.text) || ENTITY.test(joined) ? `<speak>${joined}</speak>` : joined);
      continue;
    }
    verbs.push({ verb: 'say', text: sayText(prompt.text), ...(synthesizer ? { synthesizer } : {}) });
  }
  return verbs;
}
