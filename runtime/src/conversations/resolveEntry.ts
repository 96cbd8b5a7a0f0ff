import type { Store } from '../store/types.ts';
import { notFound } from '../errors.ts';
import { normalizeNumber } from '../callers/normalizeNumber.ts';
import type { FlowSource, LoadFlow, ResolvedFlow } from './flowResolver.ts';
import type { FlowChoice, SessionEnvironment } from './types.ts';

export interface ResolvedEntry extends ResolvedFlow {
  flowId: string;
  environment: SessionEnvironment;
  bindingId: string | null;
  /** A tester route's locale. */
  locale?: string;
  isTester: boolean;
}

function describe(source: FlowSource): string {
  if (source === 'draft') return 'no draft';
  if (typeof source === 'object') return `no version ${source.version}`;
  return `no version in ${source}`;
}

/**
 * Which flow document a new contact runs. Through a binding: a listed tester's number gets
 * staging (or the version chosen for them) and their locale; everyone else the binding's
 * environment. The version is read once, here: the session keeps it to its end.
 */
export async function resolveEntry(store: Store, loadFlow: LoadFlow, choice: FlowChoice, callerNumber: string | null, defaultRegion: string): Promise<ResolvedEntry> {
  let flowId: string;
  let source: FlowSource;
  let environment: SessionEnvironment;
  let bindingId: string | null = null;
  let locale: string | undefined;
  let isTester = false;
  if ('bindingId' in choice) {
    // Read again, not taken from the channel's cache: a binding changed on another instance
    // reaches the next call here at once, before that instance's event does (twoInstances.cluster.test.ts).
    const binding = await store.getBinding(choice.bindingId);
    if (!binding) throw notFound('binding_not_found', `no binding ${choice.bindingId}`);
    bindingId = binding.id;
    flowId = binding.flowId;
    const tester = callerNumber === null ? undefined : binding.testers.find((t) => normalizeNumber(t.number, defaultRegion) === callerNumber);
    if (tester) {
      isTester = true;
      source = tester.version !== undefined ? { version: tester.version } : 'staging';
      environment = tester.version !== undefined ? 'version' : 'staging';
      locale = tester.locale;
    } else {
      source = binding.environment;
      environment = binding.environment;
    }
  } else {
    flowId = choice.flowId;
    source = choice.source;
    environment = typeof source === 'object' ? 'version' : source;
  }
  // An archived flow has no binding nor pointer left, so callers never reach it; a preview or
  // a binding made in a race with the archive must not either.
  const [resolved, record] = await Promise.all([loadFlow(flowId, source), store.getFlow(flowId)]);
  if (record?.archivedAt) throw notFound('flow_archived', `flow ${flowId} is archived`, { context: { flowId } });
  if (!resolved) {
    throw notFound('flow_not_runnable', `flow ${flowId} has ${describe(source)}`, {
      context: { flowId },
      field: bindingId ? undefined : 'source',
      // `draft`, `staging`, `production`, or the version number asked for.
      params: { source: typeof source === 'object' ? source.version : source },
    });
  }
  return { ...resolved, flowId, environment, bindingId, ...(locale ? { locale } : {}), isTester };
}
