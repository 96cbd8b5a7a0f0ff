import type { LocalizedPrompt, LocalizedText, Prompt, PromptVariant } from '../schema/common.ts';

/** The hashing scheme of the stamps written today; a stamp of another scheme reads as unknown. */
const SCHEME = 's1';

/**
 * The stamp of a text of the flow's first language: `s1:` and 12 hex digits of a 53-bit hash
 * (cyrb53) of the text with its spaces tidied (trimmed, runs of spaces as one), so re-spacing a
 * sentence does not send every translation back to review. Pure and synchronous: the designer
 * and the runtime compute the same stamp.
 */
export function sourceStamp(text: string): string {
  const tidy = text.normalize('NFC').trim().replace(/\s+/g, ' ');
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < tidy.length; i += 1) {
    const c = tidy.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const hash = 4294967296 * (2097151 & h2) + (h1 >>> 0);
  return `${SCHEME}:${hash.toString(16).padStart(14, '0').slice(-12)}`;
}

/**
 * Whether something made from the source text `stamp` still matches the source `text`:
 * `unknown` when there is no stamp (a document written before stamps), a stamp of another
 * scheme, or no source text to compare with.
 */
export function stampState(stamp: string | undefined, text: string | undefined): 'current' | 'stale' | 'unknown' {
  if (!stamp?.startsWith(`${SCHEME}:`) || text === undefined || !text.trim()) return 'unknown';
  return stamp === sourceStamp(text) ? 'current' : 'stale';
}

/** The text and recording of one locale, stamped as made from the source text `text` (nothing stamped without one). */
export function confirmedVersion(version: LocalizedPrompt, text: string | undefined, isSource: boolean): LocalizedPrompt {
  if (text === undefined || !text.trim()) return version;
  const stamp = sourceStamp(text);
  const next = { ...version };
  if (!isSource && version.text?.trim()) next.sourceStamp = stamp;
  if (version.audio) next.audioSourceStamp = stamp;
  return next;
}

/**
 * The prompt as it must be kept just before its first-language text changes from `before`:
 * every translation and recording that has no stamp yet (a document older than stamps) is
 * stamped with `before`, the text it stood beside, so the change sends it to review instead of
 * passing unnoticed. Stamped ones keep theirs.
 */
export function stampBeforeSourceEdit(prompt: Prompt, source: string, before: string | undefined): Prompt {
  if (before === undefined || !before.trim()) return prompt;
  const stamp = sourceStamp(before);
  let changed = false;
  const next: Prompt = {};
  for (const [code, version] of Object.entries(prompt)) {
    const stamped = { ...version };
    if (code !== source && version.text?.trim() && !version.sourceStamp) stamped.sourceStamp = stamp;
    if (version.audio && !version.audioSourceStamp) stamped.audioSourceStamp = stamp;
    // Variants translated from the text (the first language has no wording of their own for them).
    if (code !== source && version.variants) {
      const variants = stampVariants(version.variants, (key) => !prompt[source]?.variants?.[key]?.text?.trim(), stamp);
      if (variants !== version.variants) stamped.variants = variants;
    }
    changed ||= stamped.sourceStamp !== version.sourceStamp || stamped.audioSourceStamp !== version.audioSourceStamp || stamped.variants !== version.variants;
    next[code] = stamped;
  }
  return changed ? next : prompt;
}

/**
 * The prompt as it must be kept just before the first language's wording `key` changes from
 * `before` (its own variant, or its text where it has none): the other locales' wordings of
 * that key with no stamp yet are stamped with `before`, so the change sends them to review.
 */
export function stampBeforeSourceVariantEdit(prompt: Prompt, source: string, key: string, before: string | undefined): Prompt {
  if (before === undefined || !before.trim()) return prompt;
  const stamp = sourceStamp(before);
  let changed = false;
  const next: Prompt = {};
  for (const [code, version] of Object.entries(prompt)) {
    const variants = code !== source && version.variants ? stampVariants(version.variants, (k) => k === key, stamp) : version.variants;
    changed ||= variants !== version.variants;
    next[code] = variants === version.variants ? version : { ...version, variants };
  }
  return changed ? next : prompt;
}

function stampVariants(variants: Record<string, PromptVariant>, which: (key: string) => boolean, stamp: string): Record<string, PromptVariant> {
  let changed = false;
  const next: Record<string, PromptVariant> = {};
  for (const [key, variant] of Object.entries(variants)) {
    const stamped = which(key) && variant.text?.trim() && !variant.sourceStamp ? { ...variant, sourceStamp: stamp } : variant;
    changed ||= stamped !== variant;
    next[key] = stamped;
  }
  return changed ? next : variants;
}

/**
 * A menu option's label stamps just before its first-language label changes from `before`:
 * each other locale's label with no stamp yet is stamped with `before`.
 */
export function stampLabelsBeforeSourceEdit(label: LocalizedText, stamps: Record<string, string> | undefined, source: string, before: string | undefined): Record<string, string> | undefined {
  if (before === undefined || !before.trim()) return stamps;
  const stamp = sourceStamp(before);
  const next = { ...stamps };
  for (const [code, text] of Object.entries(label)) if (code !== source && text.trim() && !next[code]) next[code] = stamp;
  return Object.keys(next).length ? next : stamps;
}
