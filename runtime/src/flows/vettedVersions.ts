import type { ServiceContext } from '../context.ts';
import type { EnvironmentPointer } from '../store/types.ts';

/** How many versions an environment remembers a publisher put there. */
export const VETTED_HISTORY = 50;

/**
 * The versions a publisher (or admin) vetted: the one production runs and those it ran before
 * (only a publisher puts a version there), and those a publisher or admin put in staging
 * (`vetted` on the pointer). A staging pointer written before Griot recorded who set it vets
 * nothing: a publisher points staging again.
 */
export async function vettedVersions(ctx: ServiceContext, flowId: string): Promise<Set<number>> {
  const [production, staging] = await Promise.all([ctx.store.getEnvironment(flowId, 'production'), ctx.store.getEnvironment(flowId, 'staging')]);
  return new Set([...(production ? [production.version, ...production.history] : []), ...(staging?.vetted ?? [])]);
}

/** The `vetted` list after `number` is put in the environment: added when a publisher or admin put it there, kept otherwise. */
export function vettedAfter(current: EnvironmentPointer | null, number: number, byPublisher: boolean): number[] {
  const before = current?.vetted ?? [];
  return byPublisher ? [...before.filter((v) => v !== number), number].slice(-VETTED_HISTORY) : before;
}
