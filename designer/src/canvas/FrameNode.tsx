import { memo, useState } from 'react';
import { ActionIcon, Group, Text, TextInput, Tooltip } from '@mantine/core';
import { IconChevronUp, IconX } from '@tabler/icons-react';
import type { NodeProps } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { documentActions } from '../store/documentStore.ts';
import type { FrameCanvasNode } from './canvasNodes.ts';
import { Bdi } from '../i18n/Bdi.tsx';
import { sameCardProps } from './sameCardProps.ts';

/**
 * An unfolded section: a frame behind its nodes, with its name (click to rename), a button to
 * fold it into one card and one to undo the section (its nodes stay). Only the title bar takes
 * the mouse: the frame lets clicks and drags through to the canvas and the nodes.
 */
export const FrameNode = memo(function FrameNode({ data }: NodeProps<FrameCanvasNode>) {
  const { t } = useTranslation();
  const { group, readOnly } = data;
  const [editing, setEditing] = useState(false);
  return (
    <div className="section-frame" data-section={group.id}>
      <Group className="section-frame-header nodrag" gap={4} wrap="nowrap" justify="space-between">
        {editing && !readOnly ? (
          <TextInput
            size="xs"
            autoFocus
            defaultValue={group.label}
            aria-label={t('sections.name')}
            onBlur={(e) => {
              const label = e.currentTarget.value.trim();
              if (label && label !== group.label) documentActions().renameGroup(group.id, label);
              setEditing(false);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === 'Escape') e.currentTarget.blur();
            }}
          />
        ) : (
          <Text size="sm" fw={700} truncate className="section-frame-title" onClick={() => setEditing(true)} title={readOnly ? group.label : t('sections.rename')}>
            <Bdi>{group.label}</Bdi>{' '}
            <Text span size="xs" c="dimmed" fw={400}>
              · {t('sections.count', { count: group.nodes.length })}
            </Text>
          </Text>
        )}
        <Group gap={2} wrap="nowrap">
          <Tooltip label={t('sections.collapse')}>
            <ActionIcon size="sm" variant="subtle" onClick={() => documentActions().setGroupCollapsed(group.id, true)} aria-label={t('sections.collapseNamed', { name: group.label })}>
              <IconChevronUp size={14} />
            </ActionIcon>
          </Tooltip>
          {!readOnly && (
            <Tooltip label={t('sections.ungroup')}>
              <ActionIcon size="sm" variant="subtle" color="gray" onClick={() => documentActions().removeGroup(group.id)} aria-label={t('sections.ungroupNamed', { name: group.label })}>
                <IconX size={14} />
              </ActionIcon>
            </Tooltip>
          )}
        </Group>
      </Group>
    </div>
  );
}, sameCardProps);
