import type { Actor, ServiceContext } from '../context.ts';
import type { EnvironmentName } from '../store/types.ts';
import { conflict } from '../errors.ts';
import { requireFlow } from './flowQueries.ts';
import { bindingRuns, describeBinding } from './flowUsage.ts';

/**
 * Takes a flow out of staging or production (the route asks editor for staging, publisher for
 * production, as promotion does). Refused while a binding sends callers there: cutting a live
 * number off is an admin's decision on the binding, not a side effect. Compare-and-set on the
 * version read, like promotion.
 */
export async function clearEnvironment(ctx: ServiceContext, actor: Actor, flowId: string, name: EnvironmentName): Promise<{ environment: EnvironmentName; cleared: number }> {
  await requireFlow(ctx, flowId);
  const current = await ctx.store.getEnvironment(flowId, name);
  if (!current) throw conflict('environment_empty', `flow ${flowId} has nothing in ${name}`, { context: { flowId }, params: { environment: name } });
  const routing = (await ctx.store.listBindings()).filter((b) => b.flowId === flowId && bindingRuns(b, name));
  if (routing.length > 0) {
    throw conflict(
      'environment_in_use',
      `${name} of flow ${flowId} answers ${routing.map(describeBinding).join(', ')}: an admin removes or repoints ${routing.length === 1 ? 'that binding' : 'those bindings'} first`,
      {
        context: { flowId },
        params: { environment: name, count: routing.length },
        body: { usedBy: { bindings: routing.map((b) => ({ id: b.id, channel: b.channel, address: b.address, environment: b.environment })) } },
      },
    );
  }
  if (!(await ctx.store.clearEnvironment(flowId, name, current.version, ctx.now()))) {
    throw conflict('environment_changed', `${name} changed meanwhile; read it again`, { context: { flowId }, params: { environment: name } });
  }
  const version = await ctx.store.getVersion(flowId, current.version);
  await ctx.audit.record({
    actor: actor.username,
    action: 'environment.clear',
    target: `flow:${flowId}`,
    hashBefore: version?.hash,
    details: { environment: name, version: current.version },
  });
  return { environment: name, cleared: current.version };
}
