import type { Flow } from '@griot/flows';
import type { Binding, EntryTarget, RecalledCaller, Store } from '../store/types.ts';
import { notFound } from '../errors.ts';
import { routedTesterOf } from '../bindings/testNumbers.ts';
import type { FlowResolver, FlowSource, ResolvedFlow } from './flowResolver.ts';
import type { FlowChoice, SessionEnvironment } from './types.ts';

export interface ResolvedEntry extends ResolvedFlow {
  flowId: string;
  environment: SessionEnvironment;
  bindingId: string | null;
  /** A tester route's locale. */
  locale?: string;
  isTester: boolean;
  /** The caller's profile, when asked for with the entry (`recallKey`). */
  recalled?: RecalledCaller | null;
}

function describe(source: FlowSource): string {
  if (source === 'draft') return 'no draft';
  if (typeof source === 'object') return `no version ${source.version}`;
  return `no version in ${source}`;
}

/** What the store is asked for: the binding, or the flow with the version or draft a preview names. */
function targetOf(choice: FlowChoice): EntryTarget {
  if ('bindingId' in choice) return { bindingId: choice.bindingId };
  const { flowId, source } = choice;
  if (source === 'draft') return { flowId, draft: true };
  return typeof source === 'object' ? { flowId, version: source.version } : { flowId };
}

/**
 * Where a binding sends a caller: a listed tester to staging (or their version) in their locale,
 * anyone else (a user's own phone still pending an admin's confirmation too) to its environment.
 */
function routeOf(binding: Binding, callerNumber: string | null, defaultRegion: string): Route {
  const tester = routedTesterOf(binding, callerNumber, defaultRegion);
  if (!tester) return { source: binding.environment, environment: binding.environment, isTester: false };
  if (tester.version !== undefined) return { source: { version: tester.version }, environment: 'version', locale: tester.locale, isTester: true };
  return { source: 'staging', environment: 'staging', locale: tester.locale, isTester: true };
}

interface Route {
  source: FlowSource;
  environment: SessionEnvironment;
  locale?: string | undefined;
  isTester: boolean;
}

/**
 * Which flow document a new contact runs. Through a binding: a listed tester's number gets
 * staging (or the version chosen for them) and their locale; everyone else the binding's
 * environment. The version is read once, here: the session keeps it to its end. One store read
 * (`Store.readEntry`) answers the binding, the archive mark, the pointers and their versions'
 * hashes (a tester on their own version costs one more); the document comes from the
 * resolver's cache by its hash, read only when new here. With `recallKey` (a profile's key,
 * `profileKey`), the caller's profile is read in the same read (`Store.readEntryAndCaller`).
 */
export async function resolveEntry(store: Store, flows: FlowResolver, choice: FlowChoice, callerNumber: string | null, defaultRegion: string, recallKey?: string): Promise<ResolvedEntry> {
  // Read again, not taken from the channel's cache: a binding changed on another instance
  // reaches the next call here at once, before that instance's event does (twoInstances.cluster.test.ts).
  let entry: Awaited<ReturnType<Store['readEntry']>>;
  let recalled: RecalledCaller | null | undefined;
  if (recallKey === undefined) entry = await store.readEntry(targetOf(choice));
  else ({ entry, caller: recalled } = await store.readEntryAndCaller(targetOf(choice), recallKey));
  let route: Route;
  let flowId: string;
  let bindingId: string | null = null;
  if ('bindingId' in choice) {
    if (!entry?.binding) throw notFound('binding_not_found', `no binding ${choice.bindingId}`);
    route = routeOf(entry.binding, callerNumber, defaultRegion);
    ({ flowId, id: bindingId } = entry.binding);
  } else {
    route = { source: choice.source, environment: typeof choice.source === 'object' ? 'version' : choice.source, isTester: false };
    flowId = choice.flowId;
  }
  const { source, environment, locale, isTester } = route;
  // An archived flow has no binding nor pointer left, so callers never reach it; a preview or
  // a binding made in a race with the archive must not either.
  if (entry?.archivedAt) throw notFound('flow_archived', `flow ${flowId} is archived`, { context: { flowId } });
  const version = source === 'draft' ? null : typeof source === 'object' ? source.version : entry?.environments[source];
  let flow: Flow | null = null;
  if (bindingId && typeof source === 'object') {
    // A tester's own version: its hash is not in the entry (every other caller's read stays lighter), so read now.
    flow = (await flows(flowId, source))?.flow ?? null;
  } else {
    const hash = version === null ? entry?.draftHash : version === undefined ? undefined : entry?.versionHashes[version];
    if (hash && version !== undefined) flow = await flows.byHash(flowId, version, hash);
  }
  if (!flow || version === undefined) {
    throw notFound('flow_not_runnable', `flow ${flowId} has ${describe(source)}`, {
      context: { flowId },
      field: bindingId ? undefined : 'source',
      // `draft`, `staging`, `production`, or the version number asked for.
      params: { source: typeof source === 'object' ? source.version : source },
    });
  }
  return { flow, version, flowId, environment, bindingId, ...(locale ? { locale } : {}), isTester, ...(recalled !== undefined ? { recalled } : {}) };
}
