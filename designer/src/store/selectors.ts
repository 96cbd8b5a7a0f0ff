import type { Flow, FlowNode, Locale } from '@griot/flows';
import { useDocument } from './documentStore.ts';

const NO_LOCALES: Locale[] = [];
const NO_NODES: FlowNode[] = [];

/** Selectors that return the document's own objects (stable references), never fresh arrays. */
export const useLocales = (): Locale[] => useDocument((s) => s.doc?.locales ?? NO_LOCALES);
export const useNodes = (): FlowNode[] => useDocument((s) => s.doc?.nodes ?? NO_NODES);
export const useDefaultLocale = (): string => useDocument((s) => s.doc?.locales[0]?.code ?? 'fr');
export const useNode = (id: string | undefined): FlowNode | undefined => useDocument((s) => (id === undefined ? undefined : s.doc?.nodes.find((n) => n.id === id)));
export const useFlowId = (): string => useDocument((s) => s.flowId ?? '');
export const useVariables = (): Flow['variables'] => useDocument((s) => s.doc?.variables ?? NO_VARIABLES);
const NO_VARIABLES: Flow['variables'] = [];
