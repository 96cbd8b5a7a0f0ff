import { addressCandidates } from './callAddress.ts';
import type { ChannelBinding } from '../channel/ConversationPort.ts';

/**
 * Called number → binding, remembered for a few seconds. Every hook of a call names the called
 * number; looking it up in the store on each turn would cost more than the turn itself. A
 * binding change reaches running calls at once where the host says so (`clear`, on its binding
 * events), else within `ttlMs`; nothing is kept beyond that. A new call with nothing fresh here
 * for its number, or whose remembered binding the store no longer has, is routed by `read`, from
 * the store: a number bound, unbound or rebound on another instance is answered right at the next
 * call, however late that instance's event arrives (an idle instance reads them every 2 s).
 */
export class BindingCache {
  private readonly entries = new Map<string, { binding: ChannelBinding | null; until: number }>();
  /** Raised by `clear`: a look-up that began before it must not put back what it read. */
  private generation = 0;

  constructor(
    private readonly lookup: (address: string) => Promise<ChannelBinding | null>,
    private readonly ttlMs = 5000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Forgets every binding (one changed): the next hook of each call reads it again. */
  clear(): void {
    this.entries.clear();
    this.generation += 1;
  }

  /**
   * The binding remembered for `to`, if still fresh (null: known to have none), else undefined:
   * a hook that finds it here goes on without waiting a turn of the event loop for `find`.
   */
  fresh(to: string): ChannelBinding | null | undefined {
    const hit = this.entries.get(to.trim());
    return hit && hit.until > this.now() ? hit.binding : undefined;
  }

  async find(to: string): Promise<ChannelBinding | null> {
    const hit = this.entries.get(to.trim());
    if (hit && hit.until > this.now()) return hit.binding;
    return this.read(to);
  }

  /** The binding as the store has it now (what a new call is routed by), remembered for the call's next hooks. */
  async read(to: string): Promise<ChannelBinding | null> {
    const key = to.trim();
    const now = this.now();
    const generation = this.generation;
    let binding: ChannelBinding | null = null;
    for (const address of addressCandidates(key)) {
      binding = await this.lookup(address);
      if (binding) break;
    }
    if (this.entries.size > 10_000) this.entries.clear();
    if (this.ttlMs > 0 && generation === this.generation) this.entries.set(key, { binding, until: now + this.ttlMs });
    return binding;
  }
}
