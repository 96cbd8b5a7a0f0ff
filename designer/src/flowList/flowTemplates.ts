import type { FlowInput } from '@griot/flows';
import selfCare from '../../../flows/examples/templates/self-care.json' with { type: 'json' };
import survey from '../../../flows/examples/templates/survey.json' with { type: 'json' };
import afterHours from '../../../flows/examples/templates/after-hours.json' with { type: 'json' };

/** The starter templates a new flow can begin from (flows/examples/templates, lint-clean and tested). */
export const FLOW_TEMPLATES = {
  selfCare: selfCare as unknown as FlowInput,
  survey: survey as unknown as FlowInput,
  afterHours: afterHours as unknown as FlowInput,
} as const;
export type FlowTemplateKey = keyof typeof FLOW_TEMPLATES;
export const FLOW_TEMPLATE_KEYS = Object.keys(FLOW_TEMPLATES) as FlowTemplateKey[];

/**
 * A new flow from a template: its nodes, links, variables, locales and test cases, under the
 * id and name the editor chose, filed in `folder` when one is given. Node ids stay as written,
 * so the template's test cases keep passing; `labels.start` names an unlabelled start node.
 */
export function flowFromTemplate(key: FlowTemplateKey, id: string, name: string, folder?: string, labels: { start?: string } = {}): FlowInput {
  const document = structuredClone(FLOW_TEMPLATES[key]);
  // The start node reads in the editor's language (« Début »), as a blank flow's does, not by its id.
  if (labels.start) for (const node of document.nodes) if (node.type === 'start' && !node.label) node.label = labels.start;
  const settings = { ...(document.settings ?? {}) };
  if (folder?.trim()) settings.folder = folder.trim();
  else delete settings.folder;
  return { ...document, id, name, settings };
}
