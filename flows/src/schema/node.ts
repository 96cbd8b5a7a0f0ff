import { z } from 'zod';
import { StartNode } from '../nodes/start/schema.ts';
import { MessageNode } from '../nodes/message/schema.ts';
import { MenuNode } from '../nodes/menu/schema.ts';
import { InputNode } from '../nodes/input/schema.ts';
import { LanguageNode } from '../nodes/language/schema.ts';
import { HttpNode } from '../nodes/http/schema.ts';
import { ConditionNode } from '../nodes/condition/schema.ts';
import { SetNode } from '../nodes/set/schema.ts';
import { HandoffNode } from '../nodes/handoff/schema.ts';
import { GotoNode } from '../nodes/goto/schema.ts';
import { EndNode } from '../nodes/end/schema.ts';
import { IntentNode } from '../nodes/intent/schema.ts';
import { SurveyNode } from '../nodes/survey/schema.ts';

export const FlowNode = z.discriminatedUnion('type', [
  StartNode,
  MessageNode,
  MenuNode,
  IntentNode,
  InputNode,
  LanguageNode,
  HttpNode,
  ConditionNode,
  SetNode,
  HandoffNode,
  GotoNode,
  EndNode,
  SurveyNode,
]);
export type FlowNode = z.infer<typeof FlowNode>;
export type NodeType = FlowNode['type'];
export type NodeOf<T extends NodeType> = Extract<FlowNode, { type: T }>;

export const NODE_TYPES = FlowNode.options.map((o) => o.shape.type.value) as NodeType[];
