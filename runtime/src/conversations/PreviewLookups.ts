import { fixtureToEvent, type ClassifyEffect, type FlowEvent, type HttpFixture, type WebhookEffect } from '@griot/flows';
import type { WebhookFixtures } from './types.ts';

interface PreviewSetup {
  fixtures: WebhookFixtures;
  useBackend: boolean;
  /** How many times each http node has been answered, so fixture lists play in order. */
  used: Map<string, number>;
  expiresAt: number;
  /** The fixtures' size as JSON: what the preview holds in memory, roughly. */
  bytes: number;
  /** Whose preview it is: the key's `preview:<userId>:` part. */
  owner: string;
  /** Start order, the oldest first ended when a tester has too many. */
  started: number;
}

export type PreviewAnswer = { event: FlowEvent } | { backend: true } | { missing: string };

/** The most a preview's fixtures may weigh as JSON (400 `preview_fixtures_too_large` above). */
export const MAX_PREVIEW_FIXTURE_BYTES = 256 * 1024;
/** Live previews a tester keeps on this instance: starting one more ends their oldest. */
export const MAX_PREVIEWS_PER_USER = 20;
/** The fixtures a tester's live previews hold together: starting one past it ends their oldest. */
export const MAX_PREVIEW_BYTES_PER_USER = 2 * 1024 * 1024;
/** What all previews of this instance hold: past it, the fixtures left longest unused are dropped. */
const MAX_ENTRIES = 2000;
const MAX_BYTES = 64 * 1024 * 1024;

/** The weight of a preview's fixtures, as the tester sent them (JSON characters). */
export const fixtureBytes = (fixtures: WebhookFixtures | undefined): number => (fixtures ? JSON.stringify(fixtures).length : 0);

const ownerOf = (key: string): string => {
  // `preview:<userId>:<id>`: the user id is everything between the first and the last colon.
  const last = key.lastIndexOf(':');
  return last > 8 ? key.slice(0, last + 1) : key;
};

/**
 * How each preview session answers look-ups: its fixtures, then (with `useBackend`) the staging
 * backends. Kept in memory beside the stored session: fixtures are a tester's scaffolding for
 * one preview, and after a restart a preview without them says so instead of guessing.
 *
 * Bounded: a tester keeps at most MAX_PREVIEWS_PER_USER previews and MAX_PREVIEW_BYTES_PER_USER
 * of fixtures (`overflowOf` names the previews to end), and the whole instance at most
 * MAX_ENTRIES previews and MAX_BYTES of fixtures (past that, the least recently used lose theirs).
 */
export class PreviewLookups {
  /** In order of last use: the first are the ones left longest. */
  private readonly setups = new Map<string, PreviewSetup>();
  private bytes = 0;
  private starts = 0;

  constructor(private readonly limits: { entries: number; bytes: number } = { entries: MAX_ENTRIES, bytes: MAX_BYTES }) {}

  set(key: string, fixtures: WebhookFixtures, useBackend: boolean, expiresAt: Date, now: Date): void {
    this.delete(key);
    const bytes = fixtureBytes(fixtures);
    this.setups.set(key, { fixtures, useBackend, used: new Map(), expiresAt: expiresAt.getTime(), bytes, owner: ownerOf(key), started: ++this.starts });
    this.bytes += bytes;
    if (this.setups.size > this.limits.entries || this.bytes > this.limits.bytes) this.sweep(now.getTime());
  }

  touch(key: string, expiresAt: Date): void {
    const setup = this.setups.get(key);
    if (!setup) return;
    setup.expiresAt = expiresAt.getTime();
    // Moved to the end: the last to go when the instance holds too much.
    this.setups.delete(key);
    this.setups.set(key, setup);
  }

  delete(key: string): void {
    const setup = this.setups.get(key);
    if (!setup) return;
    this.bytes -= setup.bytes;
    this.setups.delete(key);
  }

  /**
   * The previews of `key`'s tester beyond their share, oldest first, `key` itself kept: what to
   * end so they keep at most MAX_PREVIEWS_PER_USER previews and MAX_PREVIEW_BYTES_PER_USER of
   * fixtures. They are forgotten here at once, so that two starts at the same time do not both end them.
   */
  overflowOf(key: string, now: Date): string[] {
    const owner = ownerOf(key);
    const mine = [...this.setups.entries()].filter(([k, s]) => s.owner === owner && k !== key && s.expiresAt >= now.getTime()).sort((a, b) => a[1].started - b[1].started);
    let count = mine.length + (this.setups.has(key) ? 1 : 0);
    let bytes = mine.reduce((sum, [, s]) => sum + s.bytes, this.setups.get(key)?.bytes ?? 0);
    const over: string[] = [];
    for (const [k, s] of mine) {
      if (count <= MAX_PREVIEWS_PER_USER && bytes <= MAX_PREVIEW_BYTES_PER_USER) break;
      over.push(k);
      this.delete(k);
      count -= 1;
      bytes -= s.bytes;
    }
    return over;
  }

  /** How many previews hold fixtures here, and their weight (for tests and metrics). */
  get held(): { previews: number; bytes: number } {
    return { previews: this.setups.size, bytes: this.bytes };
  }

  answer(key: string, effect: WebhookEffect): PreviewAnswer {
    const setup = this.setups.get(key);
    if (!setup) return { missing: 'this preview lost its fixtures (the server restarted, or held too many previews); start a new preview' };
    // Own keys only: a node named `constructor` or `toString` has no fixture unless the tester gave one.
    const fixture = Object.hasOwn(setup.fixtures, effect.node) ? setup.fixtures[effect.node] : undefined;
    if (fixture !== undefined && !('intent' in fixture)) {
      const list = Array.isArray(fixture) ? fixture : [fixture];
      const used = setup.used.get(effect.node) ?? 0;
      setup.used.set(effect.node, used + 1);
      return { event: fixtureToEvent(list[Math.min(used, list.length - 1)] as HttpFixture) };
    }
    if (setup.useBackend) return { backend: true };
    return { missing: `no fixture for http node ${effect.node}; add one or set useBackend to call the staging backend` };
  }

  /** The model's answer scripted for an `intent` node, if the preview has one. */
  classification(key: string, effect: ClassifyEffect): FlowEvent | null {
    const fixtures = this.setups.get(key)?.fixtures;
    const fixture = fixtures && Object.hasOwn(fixtures, effect.node) ? fixtures[effect.node] : undefined;
    if (!fixture || Array.isArray(fixture) || !('intent' in fixture)) return null;
    return { type: 'classification', outcome: 'ok', intent: fixture.intent, confidence: fixture.confidence };
  }

  /** The expired first, then those left longest unused, until the instance holds no more than its limits. */
  private sweep(now: number): void {
    for (const [key, setup] of this.setups) if (setup.expiresAt < now) this.delete(key);
    for (const key of this.setups.keys()) {
      if (this.setups.size <= this.limits.entries && this.bytes <= this.limits.bytes) break;
      this.delete(key);
    }
  }
}
