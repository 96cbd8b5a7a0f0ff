import { Stack, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { useReactFlow } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { designerOf, PALETTE_TYPES } from '../nodes/registry.ts';
import { addNodeAt, NODE_DRAG_TYPE } from './FlowCanvas.tsx';
import { canvasStore } from './canvasStore.ts';
import type { CanvasNode } from './canvasNodes.ts';

/** The node types: drag one onto the canvas, or click to add it next to the selected node (or in the middle of the view). */
export function Palette() {
  const { t } = useTranslation();
  const flow = useReactFlow();
  const addInView = (type: (typeof PALETTE_TYPES)[number]) => {
    const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
    const center = pane ? { x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 } : { x: 400, y: 300 };
    addNodeAt(type, { selected: canvasStore.getState().selectedNodeIds, viewCenter: flow.screenToFlowPosition(center) }, flow.getNodes() as CanvasNode[]);
  };
  return (
    <Stack gap={4} p="xs" className="palette">
      <Text size="xs" fw={700} c="dimmed" tt="uppercase" px={6} pb={4}>
        {t('palette.title')}
      </Text>
      {PALETTE_TYPES.map((type) => {
        const designer = designerOf(type);
        const Icon = designer.icon;
        return (
          <Tooltip key={type} label={t(`nodes.${type}.description`)} position="right" multiline w={240} openDelay={400}>
            <UnstyledButton
              className="palette-item"
              draggable
              data-node-type={type}
              onDragStart={(e) => {
                e.dataTransfer.setData(NODE_DRAG_TYPE, type);
                e.dataTransfer.effectAllowed = 'copy';
              }}
              onClick={() => addInView(type)}
              style={{ ['--node-color' as string]: `var(--mantine-color-${designer.color}-6)`, ['--node-tint' as string]: `var(--mantine-color-${designer.color}-0)` }}
            >
              <span className="palette-icon">
                <Icon size={16} />
              </span>
              <Text size="sm">{t(`nodes.${type}.name`)}</Text>
            </UnstyledButton>
          </Tooltip>
        );
      })}
      <Text size="xs" c="dimmed" px={6} pt="sm">
        {t('palette.hint')}
      </Text>
    </Stack>
  );
}
