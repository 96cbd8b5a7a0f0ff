import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { AriaLabelConfig } from '@xyflow/react';

/** React Flow's own accessible names and descriptions (English by default) in the editor's language. */
export function useCanvasAriaLabels(): Partial<AriaLabelConfig> {
  const { t } = useTranslation();
  return useMemo(
    () => ({
      'node.a11yDescription.default': t('a11y.canvas.nodeDescription'),
      'node.a11yDescription.keyboardDisabled': t('a11y.canvas.nodeDescriptionKeyboardDisabled'),
      'node.a11yDescription.ariaLiveMessage': ({ direction, x, y }: { direction: string; x: number; y: number }) => t('a11y.canvas.nodeMoved', { direction, x, y }),
      'edge.a11yDescription.default': t('a11y.canvas.edgeDescription'),
      'controls.ariaLabel': t('a11y.canvas.controls'),
      'controls.zoomIn.ariaLabel': t('a11y.canvas.zoomIn'),
      'controls.zoomOut.ariaLabel': t('a11y.canvas.zoomOut'),
      'controls.fitView.ariaLabel': t('a11y.canvas.fitView'),
      'controls.interactive.ariaLabel': t('a11y.canvas.interactive'),
      'minimap.ariaLabel': t('a11y.canvas.minimap'),
      'handle.ariaLabel': t('a11y.canvas.handle'),
    }),
    // `t` changes with the language.
    [t],
  );
}
