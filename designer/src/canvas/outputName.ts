import type { TFunction } from 'i18next';
import type { FlowNode } from '@griot/flows';
import { designerOf } from '../nodes/registry.ts';

/**
 * An output as the canvas writes it under its node, in the editor's language: a menu option by
 * its key and label (« 3 · Code PUK », never the raw id `puk`), a standard output by its name
 * (« Suite »). For links read aloud and traffic labels, so they say what the node card shows.
 */
export function outputName(node: FlowNode | undefined, output: string, t: TFunction, locale: string, fallbackLocale: string): string {
  const own = node ? designerOf(node.type).outputLabel?.(node, output, locale, fallbackLocale) : undefined;
  return own ?? t(`outputs.${output}`, { defaultValue: output });
}
