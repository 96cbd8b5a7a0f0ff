import type { ComponentType } from 'react';
import type { FlowInput, NodeOf, NodeType } from '@griot/flows';
import type { Icon } from '@tabler/icons-react';

export interface BodyProps<T extends NodeType> {
  node: NodeOf<T>;
  /** The locale the canvas shows. */
  locale: string;
  /** The flow's default locale, shown when the current one is missing. */
  fallbackLocale: string;
}

export interface NewNodeContext {
  locales: string[];
  /** Ids of the flow's nodes, for defaults that point at one (goto). */
  nodeIds: string[];
}

/** What the designer knows about one node type: how it looks on the canvas and how it is edited. */
export interface DesignerNode<T extends NodeType> {
  icon: Icon;
  /** Mantine color name of the node's header. */
  color: string;
  /** The essentials shown inside the node on the canvas (none for start). */
  Body?: ComponentType<BodyProps<T>>;
  /** The form in the side panel. */
  Inspector: ComponentType<{ node: NodeOf<T> }>;
  /** A new node of this type, before schema defaults are filled in. */
  create(context: NewNodeContext): Omit<Extract<FlowInput['nodes'][number], { type: T }>, 'id' | 'type'>;
  /** The text of an output handle when it is more than the output's name (a menu option's key and label). */
  outputLabel?(node: NodeOf<T>, output: string, locale: string, fallbackLocale: string): string | undefined;
}
