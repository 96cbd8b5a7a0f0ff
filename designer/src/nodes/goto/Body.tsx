import type { BodyProps } from '../designerNode.ts';

export function GotoBody({ node }: BodyProps<'goto'>) {
  return <div className="node-meta">→ {node.target}</div>;
}
