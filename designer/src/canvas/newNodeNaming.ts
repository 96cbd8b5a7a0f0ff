import type { TFunction } from 'i18next';
import type { Flow, NodeType } from '@griot/flows';
import { uniqueId } from '../store/uniqueId.ts';

/**
 * The id and label of a node added from the palette, in the editor's language: `appel_si` and
 * "Appel au SI" in French (then `appel_si2`, "Appel au SI 2"), never the schema's English type
 * name. Ids stay ASCII: they appear in links, tests and the analytics.
 */
export function newNodeNaming(type: NodeType, doc: Pick<Flow, 'nodes'>, t: TFunction): { id: string; label: string } {
  const id = uniqueId(t(`newNodeIds.${type}`, { defaultValue: type }), new Set(doc.nodes.map((n) => n.id)));
  const name = t(`nodes.${type}.name`, { defaultValue: type });
  const labels = new Set(doc.nodes.map((n) => n.label));
  let label = name;
  for (let i = 2; labels.has(label); i += 1) label = `${name} ${i}`;
  return { id, label };
}
