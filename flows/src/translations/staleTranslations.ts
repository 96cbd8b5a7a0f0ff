import type { Flow } from '../schema/flow.ts';
import type { LocalizedText, Prompt } from '../schema/common.ts';
import { definitionOf } from '../nodes/registry.ts';
import { stampState } from './sourceStamp.ts';

/** A translation or recording made from a first-language text that has changed since. */
export interface StaleTranslation {
  node: string;
  /** `prompt`, `noMatchPrompt`… */
  field: string;
  locale: string;
  /** The text was translated from an older source text (never on the first language itself). */
  text: boolean;
  /** The recording was made from an older source text. */
  audio: boolean;
  /** The stamps of the older source texts, to find them in earlier versions. */
  stamps: string[];
  /** A channel's or a way of answering's wording of the prompt (`whatsapp`, `buttons`): its text was translated from an older wording. */
  variant?: string;
}

/**
 * The first language's wording a translation of the variant `key` is made from: the first
 * language's own variant of that key when it has a text, else its text.
 */
export function variantSourceText(prompt: Prompt, source: string, key: string): string | undefined {
  const own = prompt[source]?.variants?.[key]?.text;
  return own?.trim() ? own : prompt[source]?.text;
}

/** Per locale and variant key, the variant texts of one prompt translated from an older first-language wording. */
export function staleVariantsInPrompt(prompt: Prompt, source: string): Array<Omit<StaleTranslation, 'node' | 'field'> & { variant: string }> {
  const out: Array<Omit<StaleTranslation, 'node' | 'field'> & { variant: string }> = [];
  for (const [locale, version] of Object.entries(prompt)) {
    if (locale === source) continue;
    for (const [key, variant] of Object.entries(version.variants ?? {})) {
      if (!variant.text?.trim() || stampState(variant.sourceStamp, variantSourceText(prompt, source, key)) !== 'stale') continue;
      out.push({ locale, variant: key, text: true, audio: false, stamps: variant.sourceStamp ? [variant.sourceStamp] : [] });
    }
  }
  return out;
}

/** Per locale, the labels (a menu option's) translated from an older first-language label. */
export function staleInLabel(label: LocalizedText, stamps: Record<string, string> | undefined, source: string): Array<Omit<StaleTranslation, 'node' | 'field'>> {
  const out: Array<Omit<StaleTranslation, 'node' | 'field'>> = [];
  for (const [locale, text] of Object.entries(label)) {
    const stamp = stamps?.[locale];
    if (locale === source || !text.trim() || stampState(stamp, label[source]) !== 'stale') continue;
    out.push({ locale, text: true, audio: false, stamps: stamp ? [stamp] : [] });
  }
  return out;
}

/** Per locale, what of one prompt was made from an older text of the first language `source`. */
export function staleInPrompt(prompt: Prompt, source: string): Array<Omit<StaleTranslation, 'node' | 'field'>> {
  const sourceText = prompt[source]?.text;
  const out: Array<Omit<StaleTranslation, 'node' | 'field'>> = [];
  for (const [locale, version] of Object.entries(prompt)) {
    const text = locale !== source && !!version.text?.trim() && stampState(version.sourceStamp, sourceText) === 'stale';
    const audio = !!version.audio && stampState(version.audioSourceStamp, sourceText) === 'stale';
    if (!text && !audio) continue;
    const stamps = [...new Set([...(text && version.sourceStamp ? [version.sourceStamp] : []), ...(audio && version.audioSourceStamp ? [version.audioSourceStamp] : [])])];
    out.push({ locale, text, audio, stamps });
  }
  return out;
}

/**
 * Every prompt of the flow whose translations or recordings were made from an older
 * first-language text, each channel variant translated from an older wording, and each menu
 * option label translated from an older label.
 */
export function staleTranslations(flow: Flow): StaleTranslation[] {
  const source = flow.locales[0]?.code;
  if (!source) return [];
  const out: StaleTranslation[] = [];
  for (const node of flow.nodes) {
    for (const text of definitionOf(node).texts?.(node) ?? []) {
      if (text.kind !== 'prompt') continue;
      for (const stale of staleInPrompt(text.prompt, source)) out.push({ node: node.id, field: text.field, ...stale });
      for (const stale of staleVariantsInPrompt(text.prompt, source)) out.push({ node: node.id, field: text.field, ...stale });
    }
    if (node.type !== 'menu') continue;
    for (const [i, option] of node.options.entries()) {
      for (const stale of staleInLabel(option.label, option.labelSourceStamps, source)) out.push({ node: node.id, field: `options.${i}.label`, ...stale });
    }
  }
  return out;
}
