import type { FlowNode, NodeOf, NodeType } from '../schema/node.ts';
import type { NodeDefinition } from './definition.ts';
import { startNode } from './start/step.ts';
import { messageNode } from './message/step.ts';
import { menuNode } from './menu/step.ts';
import { inputNode } from './input/step.ts';
import { languageNode } from './language/step.ts';
import { httpNode } from './http/step.ts';
import { conditionNode } from './condition/step.ts';
import { setNode } from './set/step.ts';
import { handoffNode } from './handoff/step.ts';
import { gotoNode } from './goto/step.ts';
import { endNode } from './end/step.ts';
import { intentNode } from './intent/step.ts';
import { surveyNode } from './survey/step.ts';

/** Every node type's behaviour; a type without an entry does not compile. */
export const nodeDefinitions = {
  start: startNode,
  message: messageNode,
  menu: menuNode,
  intent: intentNode,
  input: inputNode,
  language: languageNode,
  http: httpNode,
  condition: conditionNode,
  set: setNode,
  handoff: handoffNode,
  goto: gotoNode,
  end: endNode,
  survey: surveyNode,
} satisfies { [T in NodeType]: NodeDefinition<T> };

export function definitionOf<T extends NodeType>(node: NodeOf<T>): NodeDefinition<T> {
  return nodeDefinitions[node.type] as unknown as NodeDefinition<T>;
}

export function outputsOf(node: FlowNode): string[] {
  return definitionOf(node).outputs(node);
}
