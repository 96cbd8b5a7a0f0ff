import { useState } from 'react';
import { Indicator, Stack, Tooltip, UnstyledButton } from '@mantine/core';
import {
  IconAdjustments,
  IconAlertTriangle,
  IconHistory,
  IconLanguage,
  IconLayoutSidebarRightCollapse,
  IconLayoutSidebarRightExpand,
  IconMessageChatbot,
  IconSettings,
  IconTestPipe,
} from '@tabler/icons-react';
import { useStore } from 'zustand';
import { sideFoldStore, useSideFolded } from './sideFold.ts';
import { useTranslation } from 'react-i18next';
import { canvasStore, useCanvas, type SidePanel as Panel } from '../canvas/canvasStore.ts';
import { useLint } from '../checks/lintStore.ts';
import { InspectorPanel } from '../inspector/InspectorPanel.tsx';
import { ChecksPanel } from '../checks/ChecksPanel.tsx';
import { LocalesPanel } from '../languages/LocalesPanel.tsx';
import { VersionsPanel } from '../versions/VersionsPanel.tsx';
import { SimulatorPanel } from '../simulator/SimulatorPanel.tsx';
import { TestsPanel } from '../testing/TestsPanel.tsx';
import { FlowPanel } from '../flowSettings/FlowPanel.tsx';

const PANELS: Array<{ id: Panel; icon: typeof IconAdjustments }> = [
  { id: 'inspector', icon: IconAdjustments },
  { id: 'checks', icon: IconAlertTriangle },
  { id: 'languages', icon: IconLanguage },
  { id: 'simulator', icon: IconMessageChatbot },
  { id: 'tests', icon: IconTestPipe },
  { id: 'versions', icon: IconHistory },
  { id: 'flow', icon: IconSettings },
];

/** The right side: one panel at a time, chosen on an icon rail. */
export function SidePanel({ readOnly }: { readOnly: boolean }) {
  const { t } = useTranslation();
  const panel = useCanvas((s) => s.panel);
  const errors = useLint((s) => s.errors);
  const folded = useSideFolded();
  const userFolded = useStore(sideFoldStore, (s) => s.folded);
  // The button just clicked says nothing more until the pointer leaves it: its tooltip would sit over the panel it opened.
  const [clicked, setClicked] = useState<Panel | null>(null);
  const open = (id: Panel) => {
    setClicked(id);
    canvasStore.getState().setPanel(id);
    sideFoldStore.getState().setFolded(false);
  };
  const foldLabel = userFolded ? t('panels.unfold') : t('panels.fold');
  return (
    <div className="side-panel">
      <div className="side-panel-content" data-panel={panel} hidden={folded}>
        {panel === 'inspector' && <InspectorPanel readOnly={readOnly} />}
        {panel === 'checks' && <ChecksPanel />}
        {panel === 'languages' && <LocalesPanel readOnly={readOnly} />}
        {panel === 'versions' && <VersionsPanel />}
        {panel === 'simulator' && <SimulatorPanel />}
        {panel === 'tests' && <TestsPanel readOnly={readOnly} />}
        {panel === 'flow' && <FlowPanel readOnly={readOnly} />}
      </div>
      <Stack gap={4} className="side-rail" p={6}>
        {PANELS.map(({ id, icon: Icon }) => (
          <Tooltip key={id} label={t(`panels.${id}`)} position="left" disabled={clicked === id}>
            <UnstyledButton
              className={`rail-button${panel === id ? ' active' : ''}`}
              onClick={() => open(id)}
              onMouseLeave={() => setClicked((c) => (c === id ? null : c))}
              onBlur={() => setClicked((c) => (c === id ? null : c))}
              aria-label={t(`panels.${id}`)}
              data-panel-button={id}
            >
              <Indicator disabled={id !== 'checks' || errors === 0} label={errors} size={16} color="red" offset={2}>
                <Icon size={20} stroke={1.7} />
              </Indicator>
              <span className="rail-label">{t(`panels.${id}Short`)}</span>
            </UnstyledButton>
          </Tooltip>
        ))}
        <Tooltip label={foldLabel} position="left">
          <UnstyledButton className="rail-button rail-fold" onClick={() => sideFoldStore.getState().setFolded(!userFolded)} aria-label={foldLabel} aria-pressed={userFolded} data-panel-fold>
            {userFolded ? <IconLayoutSidebarRightExpand size={20} stroke={1.7} /> : <IconLayoutSidebarRightCollapse size={20} stroke={1.7} />}
          </UnstyledButton>
        </Tooltip>
      </Stack>
    </div>
  );
}
