import type { BodyProps } from '../designerNode.ts';

/** A condition shows its branches as output handles; the body only counts them. */
export function ConditionBody({ node }: BodyProps<'condition'>) {
  return <div className="node-meta">{node.branches.map((b) => b.id).join(' · ')} · else</div>;
}
