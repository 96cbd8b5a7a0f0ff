import type { LintContext } from '@griot/flows';
import type { ServiceContext } from '../context.ts';

/**
 * What lint checks a flow against: the server's rules (where secrets and requests may go) and the
 * channels its bindings route to it, staging and production, so what only matters on a channel
 * (USSD screens, recordings a channel cannot play) is checked for the channels it is bound to.
 */
export async function flowLintContext(ctx: ServiceContext, flowId: string): Promise<LintContext> {
  const bound = (await ctx.store.listBindings()).filter((b) => b.flowId === flowId).map((b) => b.channel);
  return { ...ctx.lintContext, boundChannels: [...new Set(bound)].sort() };
}
