import type { BodyProps } from '../designerNode.ts';

export function HttpBody({ node }: BodyProps<'http'>) {
  return (
    <>
      <div className="node-code">
        <b>{node.method}</b> {node.backend ? `${node.backend}:` : ''}
        {node.url}
      </div>
      {node.responseMapping.length > 0 && <div className="node-meta">→ {node.responseMapping.map((m) => m.variable).join(', ')}</div>}
    </>
  );
}
