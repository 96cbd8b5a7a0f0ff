import type { JsonValue } from '@griot/flows';
import type { ChannelState, ChannelStates } from './ChannelStates.ts';

/** `ChannelStates` in this process's memory: connector tests only (nothing survives the process). */
export class MemoryChannelStates implements ChannelStates {
  private readonly states = new Map<string, ChannelState & { expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async get(key: string): Promise<ChannelState | null> {
    const stored = this.live(key);
    return stored ? { value: structuredClone(stored.value), revision: stored.revision } : null;
  }

  async put(key: string, value: JsonValue, revision: number, expiresAt: string): Promise<boolean> {
    // Checked and written in one go (no await between): two writers at the same revision, one wins.
    if ((this.live(key)?.revision ?? 0) !== revision) return false;
    this.states.set(key, { value: structuredClone(value), revision: revision + 1, expiresAt: Date.parse(expiresAt) });
    return true;
  }

  claim(key: string, value: JsonValue, revision: number, expiresAt: string): Promise<boolean> {
    return this.put(key, value, revision, expiresAt);
  }

  async delete(key: string): Promise<void> {
    this.states.delete(key);
  }

  private live(key: string) {
    const stored = this.states.get(key);
    return stored && stored.expiresAt > this.now() ? stored : undefined;
  }
}
