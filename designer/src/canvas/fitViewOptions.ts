/**
 * "Show all" (toolbar, Shift+1, the zoom controls, after an auto-layout): the whole flow, kept
 * clear of the toolbar floating over the canvas's top, and never zoomed out past where a card's
 * title still reads (below 0.35 DetailLevel paints no words at all): a very large flow is then
 * shown from its middle, and the minimap shows the rest.
 */
export const FIT_VIEW_OPTIONS = { duration: 300, maxZoom: 1, minZoom: 0.45, padding: { top: '72px', bottom: '24px', left: '24px', right: '24px' } } as const;

/** The height of the toolbar row floating over the canvas's top: a flow opens below it. */
export const CANVAS_TOOLBAR_HEIGHT = 60;
