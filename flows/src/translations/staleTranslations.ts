import type { Flow } from '../schema/flow.ts';
import type { Prompt } from '../schema/common.ts';
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

/** Every prompt of the flow whose translations or recordings were made from an older first-language text. */
export function staleTranslations(flow: Flow): StaleTranslation[] {
  const source = flow.locales[0]?.code;
  if (!source) return [];
  const out: StaleTranslation[] = [];
  for (const node of flow.nodes) {
    for (const text of definitionOf(node).texts?.(node) ?? []) {
      if (text.kind !== 'prompt') continue;
      for (const stale of staleInPrompt(text.prompt, source)) out.push({ node: node.id, field: text.field, ...stale });
    }
  }
  return out;
}
