import type { TFunction } from 'i18next';
import type { ContactFlowNode, ContactLookup } from '@griot/flows';

/** A look-up's outcome as the agent reads it: « échec : délai dépassé », « échec : erreur 503 », « non trouvé », « réussi ». */
export function lookupText(t: TFunction, lookup: ContactLookup): string {
  if (lookup.outcome === 'error' && lookup.status !== undefined) return t('inbox.lookup.errorStatus', { status: lookup.status });
  return t(`inbox.lookup.${lookup.outcome}`);
}

/** A node of the path by its name on the canvas (its type's name when it has none), with a look-up's outcome beside it. */
export function nodeText(t: TFunction, node: ContactFlowNode): string {
  const name = node.label ? node.label : node.type ? `${t(`nodes.${node.type}.name`, { defaultValue: node.type })} (${node.id})` : t('inbox.unknownNode', { id: node.id });
  return node.lookup ? `${name} (${lookupText(t, node.lookup)})` : name;
}

/** The path the caller went through: « Menu › Appel au SI (échec : délai dépassé) › Conseiller ». */
export function pathText(t: TFunction, path: ContactFlowNode[]): string {
  return path.map((node) => nodeText(t, node)).join(' › ');
}
