/**
 * How many times React drew each node card of the canvas, counted in the page: a stand-in for the React DevTools
 * hook, which React calls after each commit (production builds included). A card drawn again gives its
 * `div.flow-node[data-node-id]` a new props object; a card React skipped keeps the one it had. Totals in
 * `window.__renders` ({ commits, cards, byNode, changed: which of the card's own props differed }); `reset()` zeroes them.
 *
 * Give the page `RENDER_COUNTER` before its scripts: `context.addInitScript({ content: RENDER_COUNTER })`.
 */
export interface Renders {
  commits: number;
  cards: number;
  byNode: Record<string, number>;
  changed: Record<string, number>;
}

function countNodeCardRenders(): void {
  type Fiber = { child: Fiber | null; sibling: Fiber | null; return: Fiber | null; memoizedProps: Record<string, unknown> | null; tag: number };
  const HOST_COMPONENT = 5;
  const seen = new Map<string, unknown>();
  const cardProps = new Map<string, Record<string, unknown>>();
  const renders = {
    commits: 0,
    cards: 0,
    byNode: {} as Record<string, number>,
    changed: {} as Record<string, number>,
    reset() {
      renders.commits = 0;
      renders.cards = 0;
      renders.byNode = {};
      renders.changed = {};
    },
  };
  let next = 1;
  const hook = {
    supportsFiber: true,
    renderers: new Map<number, unknown>(),
    inject(renderer: unknown) {
      const id = next++;
      hook.renderers.set(id, renderer);
      return id;
    },
    checkDCE() {},
    onScheduleFiberRoot() {},
    onCommitFiberUnmount() {},
    onPostCommitFiberRoot() {},
    onCommitFiberRoot(_renderer: number, root: { current: Fiber }) {
      renders.commits += 1;
      const stack: Fiber[] = [root.current];
      while (stack.length > 0) {
        const fiber = stack.pop() as Fiber;
        const props = fiber.memoizedProps;
        const id = props?.['data-node-id'];
        if (fiber.tag === HOST_COMPONENT && props && typeof id === 'string' && typeof props.className === 'string' && props.className.startsWith('flow-node') && seen.get(id) !== props) {
          seen.set(id, props);
          renders.cards += 1;
          renders.byNode[id] = (renders.byNode[id] ?? 0) + 1;
          // The card component's own props (what React Flow gave it): which of them changed since its last drawing.
          const card = fiber.return?.memoizedProps;
          const before = cardProps.get(id);
          if (card && before) for (const key of Object.keys(card)) if (card[key] !== before[key]) renders.changed[key] = (renders.changed[key] ?? 0) + 1;
          if (card) cardProps.set(id, card);
        }
        if (fiber.sibling) stack.push(fiber.sibling);
        if (fiber.child) stack.push(fiber.child);
      }
    },
  };
  Object.assign(window, { __REACT_DEVTOOLS_GLOBAL_HOOK__: hook, __renders: renders });
}

/** The counter as a script for `addInitScript` (with a stand-in for the `__name` helper tsx puts in functions it runs). */
export const RENDER_COUNTER = `var __name = (f) => f; (${countNodeCardRenders.toString()})();`;
