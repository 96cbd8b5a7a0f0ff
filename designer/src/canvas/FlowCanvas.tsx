import { useCallback, useEffect, useMemo, useState, type DragEvent } from 'react';
import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
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
import type { Edge, NodeType } from '@griot/flows';
import { documentActions, documentStore, useDocument } from '../store/documentStore.ts';
import { useNodes } from '../store/selectors.ts';
import { uniqueId } from '../store/uniqueId.ts';
import { createNode, designerOf } from '../nodes/registry.ts';
import { FlowNodeCard, type FlowCanvasNode } from './FlowNodeCard.tsx';
import { toCanvasEdges, toCanvasNodes } from './toCanvasElements.ts';
import { canvasStore, useCanvas } from './canvasStore.ts';
import { CanvasToolbar } from './CanvasToolbar.tsx';
import { nodesNearStart } from './nodesNearStart.ts';
import { cullEdges, viewRect, type Rect } from './cullEdges.ts';
import { DetailLevel } from './DetailLevel.tsx';

/** Declared once, outside any component, so React Flow never sees a new node type map. */
const nodeTypes: NodeTypes = { flow: FlowNodeCard };
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
const MINIMAP_STYLE = { width: 160, height: 110 };

export function FlowCanvas({ readOnly = false }: { readOnly?: boolean }) {
  const docNodes = useNodes();
  const docEdges = useDocument((s) => s.doc?.edges ?? NO_EDGES);
  const simulation = useCanvas((s) => s.simulation);
  const coverage = useCanvas((s) => s.coverage);
  const focus = useCanvas((s) => s.focus);
  const selectRequest = useCanvas((s) => s.selectRequest);
  const flow = useReactFlow<FlowCanvasNode>();
  const selectedIds = useCanvas((s) => s.selectedNodeIds);
  const large = docNodes.length > LARGE_FLOW;
  const [view, setView] = useState<Rect | null>(null);
  const onMoveEnd = useCallback((_: unknown, viewport: Viewport) => {
    const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
    if (pane) setView(viewRect(viewport, pane));
  }, []);

  const [nodes, setNodes] = useState<FlowCanvasNode[]>(() => toCanvasNodes(docNodes, [], { estimate: docNodes.length > LARGE_FLOW }));
  const [edges, setEdges] = useState<CanvasEdge[]>(() => toCanvasEdges(docEdges, [], {}));
  useEffect(() => setNodes((previous) => toCanvasNodes(docNodes, previous, { estimate: docNodes.length > LARGE_FLOW })), [docNodes]);
  useEffect(
    () => setEdges((previous) => toCanvasEdges(docEdges, previous, { simulated: simulation?.edges, covered: coverage?.edges })),
    [docEdges, simulation, coverage],
  );

  // On large flows only the edges near the view are handed to React Flow (see cullEdges).
  const shownEdges = useMemo(
    () => (!large ? edges : view ? cullEdges(edges, docNodes, view, new Set(selectedIds)) : NO_CANVAS_EDGES),
    [large, view, edges, docNodes, selectedIds],
  );

  // Large flows open on the start and what follows it; small ones show whole.
  const [fitViewOptions] = useState(() =>
    docNodes.length > LARGE_FLOW
      ? { nodes: nodesNearStart(documentStore.getState().doc, 24).map((id) => ({ id })), maxZoom: 1, padding: 0.1 }
      : { maxZoom: 1, padding: 0.15 },
  );

  useEffect(() => {
    if (!focus) return;
    setNodes((current) => current.map((n) => (n.selected === (n.id === focus.nodeId) ? n : { ...n, selected: n.id === focus.nodeId })));
    // A node added a moment ago is measured on the next frames: wait for it.
    let frame = 0;
    let tries = 0;
    const center = () => {
      const target = flow.getInternalNode(focus.nodeId);
      if (!target?.measured.width) {
        if (tries++ < 20) frame = requestAnimationFrame(center);
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

  const onNodesChange = useCallback(
    // Removals go through onDelete (one undo step); the rest is canvas state until a drag ends.
    (changes: NodeChange<FlowCanvasNode>[]) =>
      setNodes((ns) => dropEstimates(applyNodeChanges(changes.filter((c) => c.type !== 'remove'), ns), changes)),
    [],
  );
  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => setEdges((es) => applyEdgeChanges(changes.filter((c) => c.type !== 'remove'), es)),
    [],
  );
  const onNodeDragStop = useCallback((_: unknown, _node: FlowCanvasNode, dragged: FlowCanvasNode[]) => {
    documentActions().moveNodes(Object.fromEntries(dragged.map((n) => [n.id, n.position])));
  }, []);
  const onConnect = useCallback((c: Connection) => {
    if (c.source && c.target && c.sourceHandle) documentActions().connect(c.source, c.sourceHandle, c.target);
  }, []);
  const onDelete = useCallback(({ nodes: gone, edges: cut }: { nodes: FlowCanvasNode[]; edges: CanvasEdge[] }) => {
    documentActions().deleteElements(gone.map((n) => n.id), cut.map((e) => e.id));
  }, []);
  const onSelectionChange = useCallback(({ nodes: selected, edges: selectedEdges }: OnSelectionChangeParams) => {
    canvasStore.getState().setSelection(selected.map((n) => n.id), selectedEdges.map((e) => e.id));
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
      addNodeAt(type, flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }));
    },
    [flow],
  );

  const minimapColor = useMemo(
    () => (n: FlowCanvasNode) => `var(--mantine-color-${designerOf(n.data.node.type).color}-4)`,
    [],
  );

  return (
    <ReactFlow<FlowCanvasNode>
      nodes={nodes}
      edges={shownEdges}
      onMoveEnd={onMoveEnd}
      onInit={(instance) => requestAnimationFrame(() => onMoveEnd(null, instance.getViewport()))}
      nodeTypes={nodeTypes}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      onNodeDragStop={onNodeDragStop}
      onConnect={onConnect}
      onDelete={onDelete}
      onSelectionChange={onSelectionChange}
      onNodeClick={onNodeClick}
      onDragOver={onDragOver}
      onDrop={onDrop}
      nodesDraggable={!readOnly}
      nodesConnectable={!readOnly}
      deleteKeyCode={readOnly ? null : DELETE_KEYS}
      multiSelectionKeyCode={MULTI_SELECT_KEYS}
      selectionKeyCode="Shift"
      onlyRenderVisibleElements={docNodes.length > LARGE_FLOW}
      fitView
      fitViewOptions={fitViewOptions}
      minZoom={0.02}
      maxZoom={2}
      defaultEdgeOptions={DEFAULT_EDGE_OPTIONS}
      proOptions={PRO_OPTIONS}
    >
      <Background variant={BackgroundVariant.Dots} gap={18} size={1.2} color="var(--mantine-color-gray-4)" />
      <Controls showInteractive={false} position="bottom-left" />
      <MiniMap pannable zoomable nodeColor={minimapColor} nodeStrokeWidth={0} position="bottom-right" ariaLabel="minimap" style={MINIMAP_STYLE} />
      <CanvasToolbar />
      <DetailLevel />
    </ReactFlow>
  );
}

/** A node measured for real loses its estimated handles (React Flow then keeps the measured ones). */
function dropEstimates(nodes: FlowCanvasNode[], changes: NodeChange<FlowCanvasNode>[]): FlowCanvasNode[] {
  const measured = new Set(changes.flatMap((c) => (c.type === 'dimensions' && c.dimensions ? [c.id] : [])));
  if (measured.size === 0) return nodes;
  return nodes.map((n) => {
    if (!measured.has(n.id) || !n.handles) return n;
    const { handles: _estimated, ...rest } = n;
    return rest;
  });
}

/** Adds a node of `type` with its defaults at `position` and selects it. */
export function addNodeAt(type: NodeType, position: { x: number; y: number }): string | null {
  const doc = documentStore.getState().doc;
  if (!doc) return null;
  const id = uniqueId(type, new Set(doc.nodes.map((n) => n.id)));
  const node = createNode(type, id, position, { locales: doc.locales.map((l) => l.code), nodeIds: doc.nodes.map((n) => n.id) });
  documentActions().addNode(node);
  canvasStore.getState().focusNode(id);
  canvasStore.getState().setPanel('inspector');
  return id;
}
