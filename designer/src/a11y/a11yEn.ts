import type { a11yFr } from './a11yFr.ts';

/** Accessible names in English (under `a11y` in the designer's dictionary): what screen readers say. */
export const a11yEn: typeof a11yFr = {
  inLocale: '%{field} (%{locale})',
  cell: '%{node}, %{field}, %{locale}',
  edge: 'Link from “%{source}” (%{output}) to “%{target}”',
  localeChannel: 'Language · channel',
  colorScheme: { toDark: 'Switch to dark mode', toLight: 'Switch to light mode' },
  canvas: {
    nodeDescription: 'Press Enter or Space to select a node, Delete to remove it, Escape to deselect.',
    nodeDescriptionKeyboardDisabled: 'Press Enter or Space to select a node, then the arrow keys to move it. Delete to remove it, Escape to deselect.',
    nodeMoved: 'Node moved %{direction}, position x %{x}, y %{y}',
    edgeDescription: 'Press Enter or Space to select a link, Delete to remove it, Escape to deselect.',
    controls: 'Canvas controls',
    zoomIn: 'Zoom in',
    zoomOut: 'Zoom out',
    fitView: 'Show the whole flow',
    interactive: 'Lock or unlock the canvas',
    minimap: 'Overview of the flow',
    handle: 'Connection point',
    outputHandle: 'Connection point of the “%{output}” output',
  },
};
