import type { FlowNode } from '../schema/node.ts';
import { describeBranch } from './condition/describeBranch.ts';

/**
 * What the canvas writes under a node for one of its own outputs: a menu option by its key and
 * label (« 3 · Code PUK », never the raw id `puk`), an intent by its label, a condition's branch
 * by its label or its rules. Undefined for a standard output (`next`, `noInput`…): those are
 * named by `OUTPUT_NAMES_FR` (the designer's dictionary in English). One rule for the canvas,
 * links read aloud, traffic labels and the analytics CSV.
 */
export function ownOutputLabel(node: FlowNode, output: string, locale: string, fallbackLocale: string): string | undefined {
  if (node.type === 'menu') {
    const option = node.options.find((o) => o.id === output);
    if (!option) return undefined;
    const label = option.label[locale]?.trim() || option.label[fallbackLocale]?.trim() || option.id;
    return `${option.key} · ${label}`;
  }
  if (node.type === 'intent') {
    const intent = node.intents.find((i) => i.id === output);
    if (!intent) return undefined;
    return intent.label[locale]?.trim() || intent.label[fallbackLocale]?.trim() || intent.id;
  }
  if (node.type === 'condition') {
    const branch = node.branches.find((b) => b.id === output);
    return branch ? branch.label || describeBranch(branch) : undefined;
  }
  return undefined;
}

/** The standard outputs' French names, as the canvas writes them (the designer's `outputs`). */
export const OUTPUT_NAMES_FR: Record<string, string> = {
  next: 'Suite',
  noInput: 'Pas de réponse',
  noMatch: 'Choix invalide',
  ok: 'Succès',
  notFound: 'Introuvable',
  error: 'Erreur',
  timeout: 'Délai dépassé',
  invalid: 'Saisie invalide',
  done: 'Terminé',
  unavailable: 'Indisponible',
  callback: 'Rappel demandé',
  else: 'Sinon',
  continued: 'Suite sur WhatsApp',
  answered: 'Répondu',
};

/** An output's name in French as the canvas shows it: its own label, else the standard name, else its id. */
export function outputNameFr(node: FlowNode | undefined, output: string, locale: string, fallbackLocale: string): string {
  return (node ? ownOutputLabel(node, output, locale, fallbackLocale) : undefined) ?? OUTPUT_NAMES_FR[output] ?? output;
}
