import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import {
  Background,
  BackgroundVariant,
  ReactFlow,
  applyEdgeChanges,
  applyNodeChanges,
  useReactFlow,
  type Connection,
  type Edge as CanvasEdge,
  type EdgeChange,
  type NodeChange,
  type NodeTypes,
  type OnSelectionChangeParams,
  type Viewport,
} from '@xyflow/react';
import type { CanvasLayout, Edge, FlowNode, NodeType } from '@griot/flows';
import { useComputedColorScheme } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { documentActions, documentStore, useDocument } from '../store/documentStore.ts';
import { useDefaultLocale, useNodes } from '../store/selectors.ts';
import { outputName } from './outputName.ts';
import i18next from 'i18next';
import { newNodeNaming } from './newNodeNaming.ts';
import { CANVAS_TOOLBAR_HEIGHT } from './fitViewOptions.ts';
import { useSideFolded } from '../editor/sideFold.ts';
import { useFollowCall } from './useFollowCall.ts';
import { createNode, designerOf } from '../nodes/registry.ts';
import { FlowNodeCard } from './FlowNodeCard.tsx';
import { toCanvasEdges, toCanvasNodes } from './toCanvasElements.ts';
import { canvasStore, useCanvas } from './canvasStore.ts';
import { CanvasToolbar } from './CanvasToolbar.tsx';
import { CanvasCorners } from './CanvasCorners.tsx';
import { nodesNearStart } from './nodesNearStart.ts';
import { cullEdges, viewRect, type Rect } from './cullEdges.ts';
import { DetailLevel } from './DetailLevel.tsx';
import { FrameNode } from './FrameNode.tsx';
import { SectionCard } from './SectionCard.tsx';
import { StickyNoteCard } from './StickyNoteCard.tsx';
import { assembleCanvas, boxOf, hideFolded, isFlowCanvasNode, refreshFrames, type CanvasNode } from './canvasNodes.ts';
import { hiddenInSections, isFlowNodeId, routeAroundSections } from './sections.ts';
import { openingViewport } from './openingViewport.ts';
import { useCanvasAriaLabels } from '../a11y/useCanvasAriaLabels.ts';
import { linkNewNode, newNodePosition } from './placeNewNode.ts';
import { useTrafficEdges } from '../analytics/useTrafficEdges.ts';
import { AnalyticsOverlayPanel } from '../analytics/AnalyticsOverlayPanel.tsx';

/** Declared once, outside any component, so React Flow never sees a new node type map. */
const nodeTypes: NodeTypes = { flow: FlowNodeCard, frame: FrameNode, section: SectionCard, note: StickyNoteCard };
const NO_EDGES: Edge[] = [];
const NO_CANVAS_EDGES: CanvasEdge[] = [];
const LARGE_FLOW = 150;
export const NODE_DRAG_TYPE = 'application/x-griot-node';
// Props as constants: a new object on every render (the canvas renders on every drag frame)
// would reach React Flow's store and re-render every edge.
const DEFAULT_EDGE_OPTIONS = { type: 'default', interactionWidth: 16 };
const PRO_OPTIONS = { hideAttribution: true };
const DELETE_KEYS = ['Delete', 'Backspace'];
const MULTI_SELECT_KEYS = ['Meta', 'Control', 'Shift'];

/** The canvas's nodes for the document as it is, reusing the `previous` ones that did not change. */
function buildCanvasNodes(previous: CanvasNode[], docNodes: readonly FlowNode[], layout: CanvasLayout | undefined, hidden: ReadonlyMap<string, string>, readOnly: boolean): CanvasNode[] {
  const flowNodes = toCanvasNodes(docNodes, previous.filter(isFlowCanvasNode), { estimate: docNodes.length > LARGE_FLOW });
  return assembleCanvas(hideFolded(flowNodes, hidden), docNodes, layout, previous, readOnly);
}

export function FlowCanvas({ readOnly = false }: { readOnly?: boolean }) {
  const docNodes = useNodes();
  const docEdges = useDocument((s) => s.doc?.edges ?? NO_EDGES);
  const layout = useDocument((s) => s.doc?.layout);
  const simulation = useCanvas((s) => s.simulation);
  const coverage = useCanvas((s) => s.coverage);
  const focus = useCanvas((s) => s.focus);
  const selectRequest = useCanvas((s) => s.selectRequest);
  const flow = useReactFlow<CanvasNode>();
  const selectedIds = useCanvas((s) => s.selectedNodeIds);
  const large = docNodes.length > LARGE_FLOW;
  const [view, setView] = useState<Rect | null>(null);
  const { t } = useTranslation();
  const ariaLabelConfig = useCanvasAriaLabels();
  const colorMode = useComputedColorScheme('light', { getInitialValueInEffect: false });
  // Edges read aloud with the nodes' names and the output, in the editor's language; labelled
  // again only when a name or the language changes, not on every edit of a prompt.
  const names = useMemo(() => docNodes.map((n) => `${n.id}\u0000${n.label || n.id}\u0000${n.type === 'menu' ? JSON.stringify(n.options) : ''}`).join('\u0001'), [docNodes]);
  const edgeFallbackLocale = useDefaultLocale();
  const edgeLocale = useCanvas((s) => s.locale) ?? edgeFallbackLocale;
  const edgeLabel = useMemo(() => {
    const nodesNow = new Map(documentStore.getState().doc?.nodes.map((n) => [n.id, n]) ?? []);
    const byId = new Map(names.split('\u0001').map((triple) => triple.split('\u0000').slice(0, 2) as [string, string]));
    return (edge: Edge) =>
      t('a11y.edge', {
        source: byId.get(edge.source) ?? edge.source,
        output: outputName(nodesNow.get(edge.source), edge.output, t, edgeLocale, edgeFallbackLocale),
        target: byId.get(edge.target) ?? edge.target,
      });
  }, [names, t, edgeLocale, edgeFallbackLocale]);
  // The view follows a simulated call (fitted when the simulator opens, panned to its current node), unless the user is dragging.
  // When the simulator opens, the canvas just got narrower: its start (where the call begins) at a readable zoom in the width left.
  const showStart = useCallback(() => {
    const doc = documentStore.getState().doc;
    const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
    if (!doc || !pane || pane.width <= 0) return;
    const boxes = new Map(flow.getNodes().flatMap((n) => (isFlowCanvasNode(n) && !n.hidden ? [[n.id, boxOf(n)] as const] : [])));
    const opening = openingViewport(nodesNearStart(doc, doc.nodes.length), (id) => boxes.get(id), { width: pane.width, height: pane.height - CANVAS_TOOLBAR_HEIGHT });
    void flow.setViewport({ ...opening, y: opening.y + CANVAS_TOOLBAR_HEIGHT }, { duration: 300 });
  }, [flow]);
  const follow = useFollowCall(showStart);
  const followMoveEnd = follow.onMoveEnd;
  const onMoveEnd = useCallback(
    (event: unknown, viewport: Viewport) => {
      followMoveEnd(event);
      const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
      if (pane) setView(viewRect(viewport, pane));
    },
    [followMoveEnd],
  );

  const hidden = useMemo(() => hiddenInSections(layout?.groups ?? []), [layout]);
  const layoutRef = useRef(layout);
  layoutRef.current = layout;
  const readOnlyRef = useRef(readOnly);
  readOnlyRef.current = readOnly;
  const [nodes, setNodes] = useState<CanvasNode[]>(() => buildCanvasNodes([], docNodes, layout, hidden, readOnly));
  const [edges, setEdges] = useState<CanvasEdge[]>(() => toCanvasEdges(docEdges, [], { ariaLabel: edgeLabel }));
  useEffect(() => setNodes((previous) => buildCanvasNodes(previous, docNodes, layout, hidden, readOnly)), [docNodes, layout, hidden, readOnly]);
  useEffect(
    () => setEdges((previous) => toCanvasEdges(docEdges, previous, { simulated: simulation?.edges, covered: coverage?.edges, ariaLabel: edgeLabel })),
    [docEdges, simulation, coverage, edgeLabel],
  );
  const drawnEdges = useMemo(() => routeAroundSections(edges, hidden), [edges, hidden]);

  // On large flows only the edges near the view are handed to React Flow (see cullEdges).
  const shownEdges = useMemo(() => (!large ? drawnEdges : view ? cullEdges(drawnEdges, docNodes, view, new Set(selectedIds)) : NO_CANVAS_EDGES), [large, view, drawnEdges, docNodes, selectedIds]);
  // With the analytics overlay on, edges are as thick as their output was taken.
  const trafficEdges = useTrafficEdges(shownEdges);

  // Every flow opens on its start at a readable zoom: a small one whole, a large one on its beginning.
  const onInit = useCallback(
    (instance: { setViewport(v: Viewport): Promise<boolean>; getViewport(): Viewport }) => {
      const doc = documentStore.getState().doc;
      const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
      if (doc && pane && pane.width > 0) {
        // Where the canvas draws them (nodes without a position get one), at their measured or estimated size.
        const boxes = new Map(flow.getNodes().flatMap((n) => (isFlowCanvasNode(n) && !n.hidden ? [[n.id, boxOf(n)] as const] : [])));
        // Below the toolbar floating over the canvas's top: the first row of cards is never under it.
        const opening = openingViewport(nodesNearStart(doc, doc.nodes.length), (id) => boxes.get(id), { width: pane.width, height: pane.height - CANVAS_TOOLBAR_HEIGHT });
        void instance.setViewport({ ...opening, y: opening.y + CANVAS_TOOLBAR_HEIGHT });
      }
      requestAnimationFrame(() => onMoveEnd(null, instance.getViewport()));
    },
    [flow, onMoveEnd],
  );

  // The side panel opening over the canvas's right part (a node was just selected) must not hide
  // that node: it slides back into view, left of the panel.
  const sideFolded = useSideFolded();
  useEffect(() => {
    if (sideFolded) return;
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => {
        const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
        const id = canvasStore.getState().selectedNodeIds[0];
        const node = id ? flow.getInternalNode(id) : undefined;
        if (!pane || !node?.measured.width) return;
        const { x, y, zoom } = flow.getViewport();
        const overflow = (node.internals.positionAbsolute.x + node.measured.width) * zoom + x - (pane.width - 24);
        if (overflow > 0) void flow.setViewport({ x: x - overflow, y, zoom }, { duration: 200 });
      });
    });
    return () => cancelAnimationFrame(frame);
  }, [sideFolded, flow]);

  useEffect(() => {
    if (!focus) return;
    // A node inside a folded section: unfold it to show the node.
    const folded = layoutRef.current?.groups.find((g) => g.collapsed && g.nodes.includes(focus.nodeId));
    if (folded) documentActions().setGroupCollapsed(folded.id, false);
    setNodes((current) => current.map((n) => (n.selected === (n.id === focus.nodeId) ? n : { ...n, selected: n.id === focus.nodeId })));
    // A node added a moment ago is measured on the next frames: wait for it.
    let frame = 0;
    let tries = 0;
    const center = () => {
      const target = flow.getInternalNode(focus.nodeId);
      if (!target?.measured.width || target.hidden) {
        if (tries++ < 30) frame = requestAnimationFrame(center);
        // Still unmeasured on a busy machine: centred on its place anyway, never left off-screen.
        else if (target && !target.hidden)
          void flow.setCenter(target.internals.positionAbsolute.x + 120, target.internals.positionAbsolute.y + 60, { zoom: Math.max(flow.getZoom(), 0.9), duration: 300 });
        return;
      }
      const width = target.measured.width;
      const height = target.measured.height ?? 120;
      const { x, y } = target.internals.positionAbsolute;
      void flow.setCenter(x + width / 2, y + height / 2, { zoom: Math.max(flow.getZoom(), 0.9), duration: 300 });
    };
    center();
    return () => cancelAnimationFrame(frame);
  }, [focus, flow]);

  useEffect(() => {
    if (!selectRequest) return;
    const wanted = new Set(selectRequest.nodeIds);
    setNodes((current) => current.map((n) => (n.selected === wanted.has(n.id) ? n : { ...n, selected: wanted.has(n.id) })));
    setEdges((current) => current.map((e) => (e.selected ? { ...e, selected: false } : e)));
  }, [selectRequest]);

  const dragging = useRef(false);
  const onNodesChange = useCallback(
    // Removals go through onDelete (one undo step); the rest is canvas state until a drag ends.
    (changes: NodeChange<CanvasNode>[]) => {
      // A selected node moved with the arrow keys: no drag ends, so each step is kept here (one undo step).
      const moved = dragging.current ? [] : changes.flatMap((c) => (c.type === 'position' && c.dragging === false && c.position ? [{ id: c.id, position: c.position }] : []));
      if (moved.length > 0) {
        const current = new Map(flow.getNodes().map((n) => [n.id, n] as const));
        const nodesMoved = Object.fromEntries(moved.filter((c) => current.get(c.id)?.type === 'flow').map((c) => [c.id, c.position]));
        const notesMoved = Object.fromEntries(
          moved.flatMap((c) => {
            const n = current.get(c.id);
            return n?.type === 'note' ? [[n.data.note.id, c.position]] : [];
          }),
        );
        if (Object.keys(nodesMoved).length > 0) documentActions().moveNodes(nodesMoved);
        if (Object.keys(notesMoved).length > 0) documentActions().moveNotes(notesMoved);
      }
      setNodes((ns) =>
        refreshFrames(
          dropEstimates(
            applyNodeChanges(
              changes.filter((c) => c.type !== 'remove'),
              ns,
            ),
            changes,
          ),
          layoutRef.current,
          readOnlyRef.current,
        ),
      );
    },
    [flow],
  );
  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) =>
      setEdges((es) =>
        applyEdgeChanges(
          changes.filter((c) => c.type !== 'remove'),
          es,
        ),
      ),
    [],
  );
  const onNodeDragStart = useCallback(() => {
    dragging.current = true;
  }, []);
  const onNodeDragStop = useCallback((_: unknown, _node: CanvasNode, dragged: CanvasNode[]) => {
    dragging.current = false;
    const moved = (type: CanvasNode['type']) => Object.fromEntries(dragged.filter((n) => n.type === type).map((n) => [n.type === 'note' ? n.data.note.id : n.id, n.position]));
    const nodesMoved = moved('flow');
    const notesMoved = moved('note');
    if (Object.keys(nodesMoved).length > 0) documentActions().moveNodes(nodesMoved);
    if (Object.keys(notesMoved).length > 0) documentActions().moveNotes(notesMoved);
  }, []);
  const onConnect = useCallback((c: Connection) => {
    if (c.source && c.target && c.sourceHandle && isFlowNodeId(c.source) && isFlowNodeId(c.target)) documentActions().connect(c.source, c.sourceHandle, c.target);
  }, []);
  const onDelete = useCallback(({ nodes: gone, edges: cut }: { nodes: CanvasNode[]; edges: CanvasEdge[] }) => {
    const notes = gone.flatMap((n) => (n.type === 'note' ? [n.data.note.id] : []));
    const flowNodes = gone.filter((n) => n.type === 'flow').map((n) => n.id);
    const docEdges = cut.filter((e) => !e.id.startsWith('via:')).map((e) => e.id);
    if (flowNodes.length > 0 || docEdges.length > 0) documentActions().deleteElements(flowNodes, docEdges);
    if (notes.length > 0) documentActions().removeNotes(notes);
  }, []);
  const onSelectionChange = useCallback(({ nodes: selected, edges: selectedEdges }: OnSelectionChangeParams) => {
    // The inspector, copy and paste work on the flow's nodes; notes and sections have their own controls.
    canvasStore.getState().setSelection(
      selected.filter((n) => isFlowNodeId(n.id)).map((n) => n.id),
      selectedEdges.filter((e) => !e.id.startsWith('via:')).map((e) => e.id),
    );
  }, []);
  const onNodeClick = useCallback(() => {
    const { panel, setPanel } = canvasStore.getState();
    if (panel === 'checks' || panel === 'languages' || panel === 'flow') setPanel('inspector');
  }, []);

  const onDragOver = useCallback((event: DragEvent) => {
    if (event.dataTransfer.types.includes(NODE_DRAG_TYPE)) {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    }
  }, []);
  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = event.dataTransfer.getData(NODE_DRAG_TYPE) as NodeType;
      if (!type) return;
      event.preventDefault();
      addNodeAt(type, { dropAt: flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }) }, flow.getNodes());
    },
    [flow],
  );

  const minimapColor = useMemo(
    () => (n: CanvasNode) =>
      n.type === 'flow'
        ? `var(--mantine-color-${designerOf(n.data.node.type).color}-4)`
        : n.type === 'note'
          ? 'var(--mantine-color-yellow-3)'
          : n.type === 'section'
            ? 'var(--mantine-color-indigo-3)'
            : 'transparent',
    [],
  );

  return (
    <ReactFlow<CanvasNode>
      nodes={nodes}
      edges={trafficEdges}
      onMoveStart={follow.onMoveStart}
      onMoveEnd={onMoveEnd}
      onInit={onInit}
      nodeTypes={nodeTypes}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      onNodeDragStart={onNodeDragStart}
      onNodeDragStop={onNodeDragStop}
      onConnect={onConnect}
      onDelete={onDelete}
      onSelectionChange={onSelectionChange}
      onNodeClick={onNodeClick}
      onDragOver={onDragOver}
      onDrop={onDrop}
      nodesDraggable={!readOnly}
      nodesConnectable={!readOnly}
      // Tab goes from node to node, not through every link first (a node's links are in its inspector, « Relier à… »).
      edgesFocusable={false}
      deleteKeyCode={readOnly ? null : DELETE_KEYS}
      multiSelectionKeyCode={MULTI_SELECT_KEYS}
      selectionKeyCode="Shift"
      onlyRenderVisibleElements={docNodes.length > LARGE_FLOW}
      minZoom={0.02}
      maxZoom={2}
      defaultEdgeOptions={DEFAULT_EDGE_OPTIONS}
      proOptions={PRO_OPTIONS}
      colorMode={colorMode}
      ariaLabelConfig={ariaLabelConfig}
    >
      <Background variant={BackgroundVariant.Dots} gap={18} size={1.2} color={colorMode === 'dark' ? 'var(--mantine-color-dark-4)' : 'var(--mantine-color-gray-4)'} />
      <CanvasCorners nodeColor={minimapColor} />
      <CanvasToolbar readOnly={readOnly} />
      <DetailLevel />
      <AnalyticsOverlayPanel />
    </ReactFlow>
  );
}

/** A node measured for real loses its estimated handles (React Flow then keeps the measured ones). */
function dropEstimates(nodes: CanvasNode[], changes: NodeChange<CanvasNode>[]): CanvasNode[] {
  const measured = new Set(changes.flatMap((c) => (c.type === 'dimensions' && c.dimensions ? [c.id] : [])));
  if (measured.size === 0) return nodes;
  return nodes.map((n) => {
    if (!measured.has(n.id) || n.type !== 'flow' || !n.handles) return n;
    const { handles: _estimated, ...rest } = n;
    return rest;
  });
}

/**
 * Adds a node of `type` with its defaults and selects it: next to the selected node, where it
 * was dropped or in the middle of the view, never on top of another node.
 */
export function addNodeAt(type: NodeType, place: Parameters<typeof newNodePosition>[2], canvasNodes: readonly CanvasNode[]): string | null {
  const doc = documentStore.getState().doc;
  if (!doc) return null;
  const { id, label } = newNodeNaming(type, doc, i18next.t);
  const options = { locales: doc.locales.map((l) => l.code), nodeIds: doc.nodes.map((n) => n.id) };
  const draft = createNode(type, id, { x: 0, y: 0 }, options);
  const node = { ...createNode(type, id, newNodePosition(draft, canvasNodes, place), options), label };
  // Added next to a node: a free output of it leads to the new one, else it goes between the node and its successor.
  const source = 'selected' in place && place.selected.length === 1 ? place.selected[0] : undefined;
  const focus = canvasStore.getState().focus;
  documentActions().addNode(node, source ? linkNewNode(doc, source, node, focus?.nodeId === source ? focus.output : undefined) : undefined);
  canvasStore.getState().focusNode(id);
  canvasStore.getState().setPanel('inspector');
  return id;
}
