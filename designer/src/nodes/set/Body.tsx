import type { BodyProps } from '../designerNode.ts';

export function SetBody({ node }: BodyProps<'set'>) {
  return (
    <div className="node-code">
      {node.assignments.slice(0, 4).map((a, i) => (
        <div key={i}>
          {a.variable} = {a.expression ?? JSON.stringify(a.value ?? '')}
        </div>
      ))}
      {node.assignments.length > 4 && <div>…</div>}
    </div>
  );
}
