import { memo, useEffect, useRef } from 'react';
import { Handle, Position, useUpdateNodeInternals, type Node, type NodeProps } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { outputsOf, type FlowNode } from '@griot/flows';
import { designerOf } from '../nodes/registry.ts';
import { useDefaultLocale } from '../store/selectors.ts';
import { nodeMarks, useCanvas } from './canvasStore.ts';
import { NodeTrafficBadge } from '../analytics/NodeTrafficBadge.tsx';
import { NodeIssueBadge } from './NodeIssueBadge.tsx';
import { OutputTraffic } from '../analytics/OutputTraffic.tsx';
import { sameCardProps } from './sameCardProps.ts';

export type FlowCanvasNode = Node<{ node: FlowNode }, 'flow'>;

/**
 * The one React Flow node component: header, the type's body, and one handle per output of the
 * node definition (`outputsOf`), so a menu shows its options as handles. Memoized, and it reads
 * its own marks from the stores, so a drag re-renders only the nodes concerned (and a lint run only their badges).
 */
export const FlowNodeCard = memo(function FlowNodeCard({ id, data, selected }: NodeProps<FlowCanvasNode>) {
  const { node } = data;
  const { t } = useTranslation();
  const fallbackLocale = useDefaultLocale();
  const locale = useCanvas((s) => s.locale) ?? fallbackLocale;
  const marks = useCanvas((s) => nodeMarks(s, id));
  const designer = designerOf(node.type);
  const Icon = designer.icon;
  const Body = designer.Body;
  const outputs = outputsOf(node);
  useHandlesFollowOutputs(id, outputs);
  const outputName = (output: string) => designer.outputLabel?.(node, output, locale, fallbackLocale) ?? t(`outputs.${output}`, { defaultValue: output });
  return (
    <div
      className={`flow-node type-${node.type}${selected ? ' selected' : ''}${marks ? ` ${marks}` : ''}`}
      style={{ ['--node-color' as string]: `var(--mantine-color-${designer.color}-6)`, ['--node-tint' as string]: `var(--mantine-color-${designer.color}-0)` }}
      data-node-id={id}
    >
      <NodeTrafficBadge id={id} />
      {node.type !== 'start' && <Handle type="target" position={Position.Left} id="in" className="handle-in" aria-label={t('a11y.canvas.handle')} />}
      <div className="flow-node-header">
        <span className="flow-node-icon">
          <Icon size={13} stroke={2} />
        </span>
        <span className="flow-node-title" title={node.id}>
          {node.label || node.id}
        </span>
        <NodeIssueBadge id={id} />
      </div>
      <div className="flow-node-type">{t(`nodes.${node.type}.name`)}</div>
      {Body && (
        <div className="flow-node-body">
          <Body node={node} locale={locale} fallbackLocale={fallbackLocale} />
        </div>
      )}
      {outputs.length > 0 && (
        <div className="flow-node-outputs">
          {outputs.map((output) => (
            <div className="flow-node-output" key={output} data-output={output}>
              <span className="flow-node-output-label">{outputName(output)}</span>
              <Handle type="source" position={Position.Right} id={output} className="handle-out" aria-label={t('a11y.canvas.outputHandle', { output: outputName(output) })} />
              <OutputTraffic id={id} output={output} />
            </div>
          ))}
        </div>
      )}
    </div>
  );
}, sameCardProps);

/**
 * React Flow measures a node's handles when its size changes; outputs renamed or swapped at the
 * same size (a menu option's id, a handoff turned to WhatsApp: `callback` becomes `continued`)
 * would keep the old handles, and edges from the new ones would not be drawn. Skips the first
 * render, which React Flow measures anyway.
 */
function useHandlesFollowOutputs(id: string, outputs: readonly string[]): void {
  const updateNodeInternals = useUpdateNodeInternals();
  const key = outputs.join('\n');
  const drawn = useRef(key);
  useEffect(() => {
    if (drawn.current === key) return;
    drawn.current = key;
    updateNodeInternals(id);
  }, [id, key, updateNodeInternals]);
}
