import type { Actor, ServiceContext } from '../context.ts';
import type { EnvironmentPointer } from '../store/types.ts';
import { conflict } from '../errors.ts';
import { requireFlow, requireVersion } from './flowQueries.ts';
import { refuseSecretLeaks } from './refuseSecretLeaks.ts';

/**
 * Puts production back on the version it ran before the current one. No tests run: a
 * roll-back is the way out of an emergency and the version already ran in production.
 */
export async function rollbackProduction(ctx: ServiceContext, actor: Actor, flowId: string): Promise<{ environment: EnvironmentPointer; from: number }> {
  await requireFlow(ctx, flowId);
  const current = await ctx.store.getEnvironment(flowId, 'production');
  if (!current) throw conflict('environment_empty', `flow ${flowId} has nothing in production`, { context: { flowId }, params: { environment: 'production' } });
  const previous = current.history.at(-1);
  if (previous === undefined)
    throw conflict('no_previous_version', `production has run only version ${current.version}: nothing to roll back to`, { context: { flowId }, params: { version: current.version } });
  // The way out of an emergency, but not back to a version that leaks a secret.
  refuseSecretLeaks(ctx, flowId, previous, (await requireVersion(ctx, flowId, previous)).document, 'production');
  const pointer: EnvironmentPointer = {
    flowId,
    name: 'production',
    version: previous,
    history: current.history.slice(0, -1),
    updatedAt: ctx.now(),
    updatedBy: actor.username,
    ...(current.vetted ? { vetted: current.vetted } : {}),
  };
  const result = await ctx.store.setEnvironment(flowId, 'production', current.version, pointer);
  if (!result.ok)
    throw conflict('environment_changed', `production changed meanwhile (now version ${result.current?.version ?? 'none'}); try again`, {
      context: { flowId },
      params: { environment: 'production', version: result.current?.version ?? null },
    });
  const [before, after] = await Promise.all([ctx.store.getVersion(flowId, current.version), ctx.store.getVersion(flowId, previous)]);
  await ctx.audit.record({
    actor: actor.username,
    action: 'environment.rollback',
    target: `flow:${flowId}`,
    hashBefore: before?.hash,
    hashAfter: after?.hash,
    details: { environment: 'production', from: current.version, to: previous },
  });
  return { environment: result.pointer, from: current.version };
}
