import { memo } from 'react';
import { ActionIcon, Group, Text, Tooltip } from '@mantine/core';
import { IconChevronDown, IconStack2 } from '@tabler/icons-react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { documentActions } from '../store/documentStore.ts';
import { useCanvas } from './canvasStore.ts';
import type { SectionCanvasNode } from './canvasNodes.ts';
import { Bdi } from '../i18n/Bdi.tsx';
import { sameCardProps } from './sameCardProps.ts';

/**
 * A folded section: one card for its nodes, the connections from and to them drawn from and to
 * it. Lit when the simulator is inside. Unfolding it (the arrow) shows its nodes again.
 */
export const SectionCard = memo(function SectionCard({ data, selected }: NodeProps<SectionCanvasNode>) {
  const { t } = useTranslation();
  const { group, labels } = data;
  const inside = useCanvas((s) => {
    const sim = s.simulation;
    if (!sim) return '';
    if (sim.current && group.nodes.includes(sim.current)) return ' sim-current';
    return group.nodes.some((id) => sim.nodes.has(id)) ? ' sim-path' : '';
  });
  return (
    <div className={`section-card${selected ? ' selected' : ''}${inside}`} data-section={group.id}>
      <Handle type="target" position={Position.Left} id="in" className="handle-in" isConnectable={false} />
      <Group gap={6} wrap="nowrap" justify="space-between">
        <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
          <IconStack2 size={16} />
          <Text size="sm" fw={700} truncate>
            <Bdi>{group.label}</Bdi>
          </Text>
        </Group>
        <Tooltip label={t('sections.expand')}>
          <ActionIcon size="sm" variant="subtle" className="nodrag" onClick={() => documentActions().setGroupCollapsed(group.id, false)} aria-label={t('sections.expandNamed', { name: group.label })}>
            <IconChevronDown size={14} />
          </ActionIcon>
        </Tooltip>
      </Group>
      <Text size="xs" c="dimmed">
        {t('sections.count', { count: group.nodes.length })}
      </Text>
      <Text size="xs" lineClamp={2}>
        {labels.slice(0, 5).join(' · ')}
        {labels.length > 5 ? ' …' : ''}
      </Text>
      <Handle type="source" position={Position.Right} id="out" className="handle-out" isConnectable={false} />
    </div>
  );
}, sameCardProps);
