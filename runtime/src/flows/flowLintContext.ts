import type { LintContext } from '@griot/flows';
import type { ServiceContext } from '../context.ts';

/**
 * What lint checks a flow against: the server's rules (where secrets and requests may go), the
 * channels its bindings route to it, staging and production, so what only matters on a channel
 * (USSD screens, recordings a channel cannot play) is checked for the channels it is bound to, and
 * its latest version, so a menu prompt still saying an option's old label is found.
 */
export async function flowLintContext(ctx: ServiceContext, flowId: string): Promise<LintContext> {
  const [bindings, versions] = await Promise.all([ctx.store.listBindings(), ctx.store.listVersions(flowId)]);
  const bound = bindings.filter((b) => b.flowId === flowId).map((b) => b.channel);
  const latest = versions.reduce<number | null>((n, v) => (n === null || v.number > n ? v.number : n), null);
  const previous = latest === null ? null : await ctx.store.getVersion(flowId, latest);
  return { ...ctx.lintContext, boundChannels: [...new Set(bound)].sort(), ...(previous ? { previous: previous.document } : {}) };
}
