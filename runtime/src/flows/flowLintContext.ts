import type { LintContext } from '@griot/flows';
import type { ServiceContext } from '../context.ts';

/**
 * What lint checks a flow against: the server's rules (where secrets and requests may go), the
 * channels its bindings route to it, staging and production, so what only matters on a channel
 * (USSD screens, recordings a channel cannot play) is checked for the channels it is bound to, its
 * latest version, so a menu prompt still saying an option's old label is found, and the names its
 * recordings library holds, so a prompt naming a file it does not hold (an imported flow, a
 * hand-edited document) is found before callers hear silence.
 */
export async function flowLintContext(ctx: ServiceContext, flowId: string): Promise<LintContext> {
  // The latest version read alone: a flow with 2,000 versions costs a check what a flow with one does.
  // The library is listed once (descriptions only, never a file's content), however many nodes name a recording.
  const [bindings, previous, library] = await Promise.all([ctx.store.listBindings(), ctx.store.getLatestVersion(flowId), ctx.store.audio.listAudio(flowId)]);
  const bound = bindings.filter((b) => b.flowId === flowId).map((b) => b.channel);
  return {
    ...ctx.lintContext,
    boundChannels: [...new Set(bound)].sort(),
    ...(previous ? { previous: previous.document } : {}),
    recordings: library.map((a) => a.name),
  };
}
