import { FlowNode, NODE_TYPES, type NodeType } from '@griot/flows';
import type { DesignerNode, NewNodeContext } from './designerNode.ts';
import { startDesigner } from './start/designer.ts';
import { messageDesigner } from './message/designer.ts';
import { menuDesigner } from './menu/designer.ts';
import { inputDesigner } from './input/designer.ts';
import { languageDesigner } from './language/designer.ts';
import { httpDesigner } from './http/designer.ts';
import { conditionDesigner } from './condition/designer.ts';
import { setDesigner } from './set/designer.ts';
import { handoffDesigner } from './handoff/designer.ts';
import { gotoDesigner } from './goto/designer.ts';
import { endDesigner } from './end/designer.ts';
import { intentDesigner } from './intent/designer.ts';
import { surveyDesigner } from './survey/designer.ts';

/** The canvas look and the inspector of every node type; a type without an entry does not compile. */
export const designerNodes = {
  start: startDesigner,
  message: messageDesigner,
  menu: menuDesigner,
  intent: intentDesigner,
  input: inputDesigner,
  language: languageDesigner,
  http: httpDesigner,
  condition: conditionDesigner,
  set: setDesigner,
  handoff: handoffDesigner,
  goto: gotoDesigner,
  end: endDesigner,
  survey: surveyDesigner,
} satisfies { [T in NodeType]: DesignerNode<T> };

export function designerOf(type: NodeType): DesignerNode<NodeType> {
  return designerNodes[type] as unknown as DesignerNode<NodeType>;
}

/** Node types in the palette's order (start is placed once, with the flow). */
export const PALETTE_TYPES: NodeType[] = NODE_TYPES.filter((t) => t !== 'start');

/** A new node of `type` with the schema's defaults filled in. */
export function createNode(type: NodeType, id: string, position: { x: number; y: number }, context: NewNodeContext): FlowNode {
  const base = designerOf(type).create(context);
  return FlowNode.parse({ ...base, id, type, position });
}
