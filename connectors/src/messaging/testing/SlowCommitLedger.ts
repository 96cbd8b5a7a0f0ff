import { MemoryLedger } from '../MemoryLedger.ts';
import type { OutboundRecord } from '../ledger.ts';

/** A ledger whose outbound writes take effect only when `commit()` is called: a store's commit that has not happened yet. */
export class SlowCommitLedger extends MemoryLedger {
  private readonly waiting: (() => void)[] = [];

  override putOutbound(record: OutboundRecord): Promise<void> {
    return new Promise((resolve) => this.waiting.push(() => resolve(super.putOutbound(record))));
  }

  get uncommitted(): number {
    return this.waiting.length;
  }

  commit(): void {
    for (const run of this.waiting.splice(0)) run();
  }
}
