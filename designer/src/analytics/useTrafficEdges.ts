import { useMemo, useRef } from 'react';
import type { Edge as CanvasEdge } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { useAnalytics } from './analyticsStore.ts';
import { useFigureFormat } from './figureFormat.ts';
import { edgeWidth } from './trafficOverlay.ts';
import { documentStore } from '../store/documentStore.ts';
import { useCanvas } from '../canvas/canvasStore.ts';
import { useDefaultLocale } from '../store/selectors.ts';
import { outputName } from '../canvas/outputName.ts';

interface Drawn {
  base: CanvasEdge;
  width: number;
  edge: CanvasEdge;
}

/**
 * The canvas's edges, drawn as thick as their output was taken while the overlay is on
 * (`exits[edge.output]` of the edge's source). An edge whose width did not change keeps its
 * object, so React Flow redraws only those that did; with the overlay off, the edges as they are.
 */
export function useTrafficEdges(edges: CanvasEdge[]): CanvasEdge[] {
  const { t } = useTranslation();
  const format = useFigureFormat();
  const traffic = useAnalytics((s) => (s.overlay ? s.traffic : null));
  const drawn = useRef(new Map<string, Drawn>());
  const fallbackLocale = useDefaultLocale();
  const locale = useCanvas((s) => s.locale) ?? fallbackLocale;
  return useMemo(() => {
    if (!traffic) {
      drawn.current = new Map();
      return edges;
    }
    const next = new Map<string, Drawn>();
    // Said as the node cards say them: the node's name and the output's (« 3 · Code PUK », « Suite »).
    const nodes = new Map(documentStore.getState().doc?.nodes.map((n) => [n.id, n]) ?? []);
    const result = edges.map((base) => {
      const count = base.sourceHandle ? (traffic.nodes.get(base.source)?.exits[base.sourceHandle] ?? 0) : 0;
      const width = edgeWidth(count, traffic.maxExit);
      const source = nodes.get(base.source);
      const output = base.sourceHandle ? outputName(source, base.sourceHandle, t, locale, fallbackLocale) : '';
      const ariaLabel = t('analytics.edge', { source: source?.label || base.source, output, count, n: format.count(count) });
      const old = drawn.current.get(base.id);
      const edge =
        old && old.base === base && old.width === width && old.edge.ariaLabel === ariaLabel
          ? old.edge
          : {
              ...base,
              style: { ...base.style, strokeWidth: width },
              className: `${base.className ?? ''} ${count > 0 ? 'with-traffic' : 'no-traffic'}`.trim(),
              ariaLabel,
            };
      next.set(base.id, { base, width, edge });
      return edge;
    });
    drawn.current = next;
    return result;
  }, [edges, traffic, t, format, locale, fallbackLocale]);
}
