import type { ContactFlow, Flow, JsonValue } from '@griot/flows';
import type { Store } from '../store/types.ts';

interface Names {
  name: string;
  nodes: Map<string, { type: string; label?: string }>;
  variables: Map<string, string>;
}

const CACHE_LIMIT = 100;

function namesOf(document: Flow): Names {
  return {
    name: document.name,
    nodes: new Map(document.nodes.map((n) => [n.id, { type: n.type, ...(n.label ? { label: n.label } : {}) }])),
    variables: new Map(document.variables.flatMap((v) => (v.description ? [[v.name, v.description] as const] : []))),
  };
}

/**
 * Names the flow and the nodes of a handoff context (`flowId`, `flowVersion`, `path`) from the
 * version the session ran. Published versions never change: their names are cached (a queue of
 * a thousand contacts on one version reads it once). A context without a flow gives undefined.
 */
export function createContactFlowNames(store: Store): (context: Record<string, JsonValue>) => Promise<ContactFlow | undefined> {
  const versions = new Map<string, Promise<Names | null>>();

  const versionNames = (flowId: string, version: number): Promise<Names | null> => {
    const key = `${flowId}\u0000${version}`;
    let cached = versions.get(key);
    if (!cached) {
      if (versions.size >= CACHE_LIMIT) versions.clear();
      cached = store.getVersion(flowId, version).then((v) => (v ? namesOf(v.document) : null));
      versions.set(key, cached);
      // A miss or a failed read must not stick.
      cached.then(
        (names) => (names ? undefined : versions.delete(key)),
        () => versions.delete(key),
      );
    }
    return cached;
  };

  return async (context) => {
    const { flowId, flowVersion, path } = context;
    if (typeof flowId !== 'string' || flowId === '') return undefined;
    const version = typeof flowVersion === 'number' && flowVersion > 0 ? flowVersion : undefined;
    const names = version !== undefined ? await versionNames(flowId, version) : await store.getDraft(flowId).then((d) => (d ? namesOf(d.document) : null));
    const ids = Array.isArray(path) ? path.filter((id): id is string => typeof id === 'string') : [];
    const variables = context.variables && typeof context.variables === 'object' && !Array.isArray(context.variables) ? Object.keys(context.variables) : [];
    const described = Object.fromEntries(variables.flatMap((name) => (names?.variables.has(name) ? [[name, names.variables.get(name)!]] : [])));
    return {
      id: flowId,
      ...(version !== undefined ? { version } : {}),
      ...(names ? { name: names.name } : {}),
      path: ids.map((id) => ({ id, ...names?.nodes.get(id) })),
      ...(Object.keys(described).length ? { variables: described } : {}),
    };
  };
}
