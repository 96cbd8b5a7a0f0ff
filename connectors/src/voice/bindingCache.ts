import { addressCandidates } from './callAddress.ts';
import type { VoiceBinding } from './conversationPort.ts';

/**
 * Called number → binding, remembered for a few seconds. Every hook of a call names the called
 * number; looking it up in the store on each turn would cost more than the turn itself. A
 * binding change reaches running calls within `ttlMs`; nothing is kept beyond that.
 */
export class BindingCache {
  private readonly entries = new Map<string, { binding: VoiceBinding | null; until: number }>();

  constructor(
    private readonly lookup: (address: string) => Promise<VoiceBinding | null>,
    private readonly ttlMs = 5000,
    private readonly now: () => number = Date.now,
  ) {}

  async find(to: string): Promise<VoiceBinding | null> {
    const key = to.trim();
    const hit = this.entries.get(key);
    const now = this.now();
    if (hit && hit.until > now) return hit.binding;
    let binding: VoiceBinding | null = null;
    for (const address of addressCandidates(key)) {
      binding = await this.lookup(address);
      if (binding) break;
    }
    if (this.entries.size > 10_000) this.entries.clear();
    if (this.ttlMs > 0) this.entries.set(key, { binding, until: now + this.ttlMs });
    return binding;
  }
}
