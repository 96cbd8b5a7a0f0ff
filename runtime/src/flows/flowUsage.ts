import type { ServiceContext } from '../context.ts';
import type { Binding, EnvironmentName, FlowUsage } from '../store/types.ts';
import { conflict } from '../errors.ts';
import { isPendingTester } from '../bindings/testNumbers.ts';

/** What the error of a live flow lists: which environments run which version, which addresses route to it. */
export interface UsageView {
  environments: Array<{ environment: EnvironmentName; version: number }>;
  bindings: Array<{ id: string; channel: string; address: string; environment: EnvironmentName }>;
}

/** Everything that routes callers to a flow: its environment pointers and the bindings to it. */
export async function flowUsage(ctx: ServiceContext, flowId: string): Promise<FlowUsage> {
  const [environments, bindings] = await Promise.all([ctx.store.getEnvironments(flowId), ctx.store.listBindings()]);
  return { environments, bindings: bindings.filter((b) => b.flowId === flowId) };
}

export const describeBinding = (b: Binding) => `${b.channel} ${b.address} (binding ${b.id}, ${b.environment})`;

/**
 * Whether callers through this binding reach that environment: its own, or staging for listed
 * testers. A user's own number still pending an admin's confirmation is not one: its calls run the
 * binding's environment like any subscriber's (`routedTesterOf`).
 */
export const bindingRuns = (binding: Binding, name: EnvironmentName) =>
  binding.environment === name || (name === 'staging' && binding.testers.some((t) => t.version === undefined && !isPendingTester(t)));

/**
 * 409 `flow_in_use`: the flow answers callers, so it cannot be archived. The message and the
 * body's `usedBy` name each environment and each binding (channel and address), and what to do.
 */
export function flowInUse(flowId: string, usage: FlowUsage) {
  const environments = usage.environments.map((p) => `${p.name} runs version ${p.version}`);
  const bindings = usage.bindings.map(describeBinding);
  const parts = [...(environments.length > 0 ? [environments.join(', ')] : []), ...(bindings.length > 0 ? [`${bindings.join(', ')} ${bindings.length === 1 ? 'routes' : 'route'} to it`] : [])];
  const steps = [
    ...(bindings.length > 0 ? ['an admin removes or repoints the bindings'] : []),
    ...(environments.length > 0 ? [`clear the environments (DELETE /api/flows/${flowId}/environments/<staging|production>)`] : []),
  ];
  const usedBy: UsageView = {
    environments: usage.environments.map((p) => ({ environment: p.name, version: p.version })),
    bindings: usage.bindings.map((b) => ({ id: b.id, channel: b.channel, address: b.address, environment: b.environment })),
  };
  return conflict('flow_in_use', `flow ${flowId} is live and cannot be archived: ${parts.join('; ')}. First ${steps.join(', then ')}.`, {
    context: { flowId },
    params: { environments: usedBy.environments.length, bindings: usedBy.bindings.length },
    body: { usedBy },
  });
}
