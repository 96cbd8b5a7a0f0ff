import type { LocalizedText, Prompt } from '../schema/common.ts';
import type { Flow } from '../schema/flow.ts';
import type { NodeOf, NodeType } from '../schema/node.ts';
import type { ReplyOption } from '../channels/replies.ts';
import type { NodeOutcome, StepContext } from '../interpreter/context.ts';
import type { FlowEvent } from '../interpreter/types.ts';
import type { LintContext } from '../lint/lintContext.ts';
import type { LintIssue } from '../lint/types.ts';

/** A piece of text a node shows or says, for the translation table and the lint. */
export type TextField =
  /** `spokenOnly`: said on calls only (a callback offer), so no other channel's wording is checked. */
  { field: string; kind: 'prompt'; prompt: Prompt; spokenOnly?: boolean } | { field: string; kind: 'label'; label: LocalizedText };

/** `variable` may receive the value of any of `from` (paths, read by their head), through `field`. */
export interface ValueCopy {
  variable: string;
  field: string;
  from: string[];
  /**
   * The value is given the variable's declared type on the way (`set`): a boolean then holds
   * yes or no, never the value. Absent: stored as it came (a look-up's mapping), whatever the type.
   */
  typed?: true;
  /**
   * Those of `from` the variable holds a part of only (`$.offer` beside `$`, the whole answer),
   * never the whole: a part the author keeps in clear is no copy of a whole that is sensitive
   * only by default (`sensitivityOf`).
   */
  partOf?: string[];
}

/** A field that names a variable (`name` may be a path such as `balance.amount`; its head is the variable). */
export interface VariableField {
  field: string;
  name: string;
  writes: boolean;
}

/** The variables written among a node's variable fields (empty names, a draft row, left out). */
export function writtenBy(fields: VariableField[]): string[] {
  return fields.flatMap((f) => (f.writes && f.name !== '' ? [f.name] : []));
}

/** Everything the language knows about one node type. */
export interface NodeDefinition<T extends NodeType> {
  /** Output names, in the order the canvas shows them. */
  outputs(node: NodeOf<T>): string[];
  /** Runs when the contact reaches the node. */
  enter(node: NodeOf<T>, ctx: StepContext): NodeOutcome;
  /** Runs with the event that answers the node's wait. */
  resume?(node: NodeOf<T>, ctx: StepContext, event: FlowEvent): NodeOutcome;
  /** Prompts and labels, per field. */
  texts?(node: NodeOf<T>): TextField[];
  /**
   * The options the node offers in a locale, as its `ask` effect gives them, for nodes that ask
   * with a menu: its prompts are then worded for how that menu is shown (`wordingKeys`), by the
   * interpreter, lint and the designer alike.
   */
  menuOf?(node: NodeOf<T>, locale: string, flow: Flow): ReplyOption[];
  /** Other `{{…}}` templates (URLs, headers, queue names), per field. */
  templates?(node: NodeOf<T>): Array<{ field: string; template: string }>;
  /** Expressions, per field. */
  expressions?(node: NodeOf<T>): Array<{ field: string; source: string }>;
  /**
   * Other nodes this node names outside connections (a goto's target), per field: the merge treats
   * them like connections, the lint's graph follows them.
   */
  nodeReferences?(node: NodeOf<T>): Array<{ field: string; nodeId: string }>;
  /**
   * Fields holding a variable's name (a condition rule's, a path read by its head), per field,
   * with whether the node writes it: what a rename rewrites besides texts, templates and
   * expressions. `writes` is made from it (`writtenBy`), so the two cannot drift.
   */
  variableFields?(node: NodeOf<T>): VariableField[];
  /** Variables the node writes. */
  writes?(node: NodeOf<T>): string[];
  /**
   * Written variables whose value may hold another variable's (a copy, a template, two look-up
   * mappings that overlap), with the variables it may come from: sensitivity follows copies.
   */
  copies?(node: NodeOf<T>): ValueCopy[];
  /**
   * Variables the node writes with what an outside system answered (a look-up's mapping), per
   * field: sensitive by default, unless declared `keptInClear` (`sensitivityOf`).
   */
  fetches?(node: NodeOf<T>): Array<{ variable: string; field: string }>;
  /** Checks of this node type beyond its schema, with the deployment's rules when known. */
  lint?(node: NodeOf<T>, context: LintContext): LintIssue[];
  /** Whether the node waits for the caller (a cycle through such a node is a loop the caller drives). */
  waitsForCaller: boolean;
}
