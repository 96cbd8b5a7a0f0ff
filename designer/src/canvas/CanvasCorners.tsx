import { useState } from 'react';
import { ControlButton, Controls, MiniMap } from '@xyflow/react';
import { IconMap, IconMapOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { deviceStorage } from '../app/deviceStorage.ts';
import { FIT_VIEW_OPTIONS } from './fitViewOptions.ts';
import type { CanvasNode } from './canvasNodes.ts';

export const MINIMAP_STORAGE_KEY = 'griot.minimapShown';
const MINIMAP_STYLE = { width: 160, height: 110 };
/** Below this window height (a 1366×768 laptop) the minimap would sit over the bottom nodes: it waits for a click. */
const ROOM_FOR_MINIMAP = 900;

function shownAtFirst(): boolean {
  let stored: string | null = null;
  try {
    stored = deviceStorage()?.getItem(MINIMAP_STORAGE_KEY) ?? null;
  } catch {
    // Storage forbidden: the screen's height decides.
  }
  if (stored === '1' || stored === '0') return stored === '1';
  return typeof window === 'undefined' || window.innerHeight >= ROOM_FOR_MINIMAP;
}

/**
 * The canvas's corners: the zoom buttons, with one that shows or hides the minimap (remembered in
 * this browser), and the minimap itself, shown at first only on a screen tall enough for it.
 */
export function CanvasCorners({ nodeColor }: { nodeColor: (node: CanvasNode) => string }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(shownAtFirst);
  const toggle = () => {
    const next = !shown;
    setShown(next);
    try {
      deviceStorage()?.setItem(MINIMAP_STORAGE_KEY, next ? '1' : '0');
    } catch {
      // Private browsing without storage: for this visit only.
    }
  };
  const label = shown ? t('canvas.minimapHide') : t('canvas.minimapShow');
  return (
    <>
      <Controls showInteractive={false} position="bottom-left" fitViewOptions={FIT_VIEW_OPTIONS}>
        <ControlButton onClick={toggle} title={label} aria-label={label} aria-pressed={shown} data-minimap-toggle>
          {shown ? <IconMapOff size={14} /> : <IconMap size={14} />}
        </ControlButton>
      </Controls>
      {shown && <MiniMap pannable zoomable nodeColor={nodeColor} nodeStrokeWidth={0} position="bottom-right" ariaLabel={t('a11y.canvas.minimap')} style={MINIMAP_STYLE} />}
    </>
  );
}
