import type { Flow } from '@griot/flows';
import type { Store } from '../store/types.ts';
import type { LoadFlow } from '../conversations/flowResolver.ts';

/** How long one instance trusts what it read of the flows in service (a flow published since is seen after that). */
export const REMEMBERED_ELSEWHERE_TTL_MS = 30_000;

/** The names a flow reads from callers' profiles: its `persist` variables and their former names. */
export function rememberedNames(flow: Flow): string[] {
  return flow.variables.filter((v) => v.persist).flatMap((v) => [v.name, ...(v.formerNames ?? [])]);
}

/**
 * What the other flows in service remember of callers: the names their versions in an
 * environment (staging, production) read from a profile, which is per number and shared by every
 * flow. A profile moved to a renamed variable's current name (`CallerMemory.movedFormerNames`)
 * keeps a former name one of them still reads: renaming « canal » in one flow must not make
 * another flow that remembers « canal » forget what the caller chose there.
 *
 * Read only when a contact's profile holds a former name to move (once per caller after a rename),
 * and kept `ttlMs` per instance: a first turn pays for it at most once in that time, and never on
 * a flow without former names.
 */
export class RememberedElsewhere {
  private cached: { until: number; live: Promise<ReadonlyArray<{ flowId: string; names: readonly string[] }>> } | null = null;

  constructor(
    private readonly store: Pick<Store, 'listFlows' | 'getEnvironments'>,
    private readonly loadFlow: LoadFlow,
    private readonly clock: () => number,
    private readonly ttlMs = REMEMBERED_ELSEWHERE_TTL_MS,
  ) {}

  /** The names the flows in service other than `flowId` read from profiles. Rejects when the store cannot say. */
  async except(flowId: string): Promise<ReadonlySet<string>> {
    const now = this.clock();
    if (!this.cached || this.cached.until <= now) {
      const live = this.read();
      const entry = { until: now + this.ttlMs, live };
      this.cached = entry;
      // A failed read is not kept: the next contact asks again.
      live.catch(() => {
        if (this.cached === entry) this.cached = null;
      });
    }
    const names = new Set<string>();
    for (const flow of await this.cached.live) if (flow.flowId !== flowId) for (const name of flow.names) names.add(name);
    return names;
  }

  private async read(): Promise<Array<{ flowId: string; names: readonly string[] }>> {
    const out: Array<{ flowId: string; names: readonly string[] }> = [];
    for (const record of await this.store.listFlows()) {
      if (record.archivedAt) continue;
      const versions = new Set((await this.store.getEnvironments(record.id)).map((pointer) => pointer.version));
      for (const version of versions) {
        const resolved = await this.loadFlow(record.id, { version });
        if (resolved) out.push({ flowId: record.id, names: rememberedNames(resolved.flow) });
      }
    }
    return out;
  }
}
