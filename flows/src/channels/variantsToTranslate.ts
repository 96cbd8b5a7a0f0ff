import { Channel, WordingFamily, type Prompt } from '../schema/common.ts';

/** Variant keys in the order editors meet them: channels, then ways of answering. */
export const VARIANT_KEYS: readonly string[] = [...Channel.options, ...WordingFamily.options];

const said = (variant: { text?: string | undefined; audio?: string | undefined } | undefined) => !!variant && (!!variant.text?.trim() || !!variant.audio);

/**
 * The variants of a prompt that `from` (the language the flow is written in) has and `to` lacks
 * or left empty, known keys only, in `VARIANT_KEYS` order: where `to` says its own text instead
 * of a wording written for that channel or way of answering ("tapez 1" on buttons). Lint warns of
 * them, the translation table marks them and suggested translations fill them in.
 */
export function variantsToTranslate(prompt: Prompt, from: string, to: string): string[] {
  const source = prompt[from]?.variants ?? {};
  const target = prompt[to]?.variants ?? {};
  return VARIANT_KEYS.filter((key) => Object.hasOwn(source, key) && said(source[key]) && !(Object.hasOwn(target, key) && said(target[key])));
}
