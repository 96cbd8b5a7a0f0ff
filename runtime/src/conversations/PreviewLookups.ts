import { fixtureToEvent, type ClassifyEffect, type FlowEvent, type HttpFixture, type WebhookEffect } from '@griot/flows';
import type { WebhookFixtures } from './types.ts';

interface PreviewSetup {
  fixtures: WebhookFixtures;
  useBackend: boolean;
  /** How many times each http node has been answered, so fixture lists play in order. */
  used: Map<string, number>;
  expiresAt: number;
}

export type PreviewAnswer = { event: FlowEvent } | { backend: true } | { missing: string };

const SWEEP_ABOVE = 1000;

/**
 * How each preview session answers look-ups: its fixtures, then (with `useBackend`) the staging
 * backends. Kept in memory beside the stored session: fixtures are a tester's scaffolding for
 * one preview, and after a restart a preview without them says so instead of guessing.
 */
export class PreviewLookups {
  private readonly setups = new Map<string, PreviewSetup>();

  set(key: string, fixtures: WebhookFixtures, useBackend: boolean, expiresAt: Date, now: Date): void {
    if (this.setups.size > SWEEP_ABOVE) this.sweep(now.getTime());
    this.setups.set(key, { fixtures, useBackend, used: new Map(), expiresAt: expiresAt.getTime() });
  }

  touch(key: string, expiresAt: Date): void {
    const setup = this.setups.get(key);
    if (setup) setup.expiresAt = expiresAt.getTime();
  }

  delete(key: string): void {
    this.setups.delete(key);
  }

  answer(key: string, effect: WebhookEffect): PreviewAnswer {
    const setup = this.setups.get(key);
    if (!setup) return { missing: 'this preview lost its fixtures when the server restarted; start a new preview' };
    const fixture = setup.fixtures[effect.node];
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
    const fixture = this.setups.get(key)?.fixtures[effect.node];
    if (!fixture || Array.isArray(fixture) || !('intent' in fixture)) return null;
    return { type: 'classification', outcome: 'ok', intent: fixture.intent, confidence: fixture.confidence };
  }

  private sweep(now: number): void {
    for (const [key, setup] of this.setups) if (setup.expiresAt < now) this.setups.delete(key);
  }
}
