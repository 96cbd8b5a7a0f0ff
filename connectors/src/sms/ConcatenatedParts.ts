export type PartOutcome =
  /** Not every part is here yet: answer this part's `deliver_sm` with what `status` resolves to. */
  | { kind: 'waiting'; status: Promise<number> }
  /** This part completed the message: record it, then `settle` the earlier parts with the same status. */
  | { kind: 'complete'; text: string; keys: string[]; settle: (status: number) => void };

interface Group {
  parts: Map<number, { text: string; key: string }>;
  total: number;
  settle: (status: number) => void;
  status: Promise<number>;
  timer: NodeJS.Timeout;
}

/**
 * A subscriber's long SMS comes as several `deliver_sm`s (one per part). None is answered until
 * all are here and the joined message is recorded: a part answered earlier would be lost with
 * the process. Parts still missing after `waitMs` get `incompleteStatus` (a temporary error):
 * the SMSC delivers them all again later, and nothing half is ever processed. Bounded in count.
 */
export class ConcatenatedParts {
  private readonly groups = new Map<string, Group>();

  constructor(
    private readonly waitMs: number,
    private readonly incompleteStatus: number,
    private readonly maxGroups = 10_000,
  ) {}

  /** `group` names the message (sender, short code, reference, count); `key` the part's own dedupe key. */
  add(group: string, part: { seq: number; total: number; text: string; key: string }): PartOutcome {
    let entry = this.groups.get(group);
    if (!entry) {
      if (this.groups.size >= this.maxGroups) return { kind: 'waiting', status: Promise.resolve(this.incompleteStatus) };
      let settle!: (status: number) => void;
      const status = new Promise<number>((resolve) => (settle = resolve));
      const timer = setTimeout(() => {
        this.groups.delete(group);
        settle(this.incompleteStatus);
      }, this.waitMs);
      timer.unref();
      entry = { parts: new Map(), total: part.total, settle, status, timer };
      this.groups.set(group, entry);
    }
    entry.parts.set(part.seq, { text: part.text, key: part.key });
    if (entry.parts.size < entry.total) return { kind: 'waiting', status: entry.status };
    clearTimeout(entry.timer);
    this.groups.delete(group);
    const ordered = [...entry.parts.entries()].sort(([a], [b]) => a - b).map(([, p]) => p);
    return { kind: 'complete', text: ordered.map((p) => p.text).join(''), keys: ordered.map((p) => p.key), settle: entry.settle };
  }

  /** Every held part is answered with the temporary error (shutting down): the SMSC re-delivers them. */
  clear(): void {
    for (const entry of this.groups.values()) {
      clearTimeout(entry.timer);
      entry.settle(this.incompleteStatus);
    }
    this.groups.clear();
  }
}
