import type { Environments, PreviewSource, TestNumber, User } from '../api/types.ts';
import { backendPreviewRefusal } from './backendPreviewAccess.ts';
import type { SimulatorSettings } from './simulatorStore.ts';
import { deviceStorage } from '../app/deviceStorage.ts';

/** What the simulator remembers of a user's choices on a flow (this browser only). */
export type RememberedSettings = Pick<SimulatorSettings, 'source' | 'backend' | 'callerNumber'>;

const storageKey = (userId: string, flowId: string) => `griot.simulator.${userId}.${flowId}`;

export function readRemembered(userId: string, flowId: string): RememberedSettings | null {
  try {
    const raw = deviceStorage()?.getItem(storageKey(userId, flowId));
    if (!raw) return null;
    const value = JSON.parse(raw) as RememberedSettings;
    return typeof value.callerNumber === 'string' && value.backend && value.source ? value : null;
  } catch {
    return null;
  }
}

export function remember(userId: string, flowId: string, settings: RememberedSettings): void {
  try {
    deviceStorage()?.setItem(storageKey(userId, flowId), JSON.stringify({ source: settings.source, backend: settings.backend, callerNumber: settings.callerNumber }));
  } catch {
    // Private browsing or a full storage: the choice lasts the page.
  }
}

/**
 * Where a tester's first preview of a flow starts: left on "no system" and a made-up number, a flow
 * that calls the operator's systems went down its error path every time. So: one of the test
 * numbers (this flow's first), and when the flow calls a system, the staging system on the first
 * source it is offered for (the draft for a publisher, else what staging or production runs, which
 * a publisher vetted); failing that, the data of the flow's first test that has some. Null: keep
 * the settings as they are (no test number listed).
 */
export function defaultSimulatorSettings(input: {
  user: User | null | undefined;
  flowId: string;
  environments: Environments;
  callsSystems: boolean;
  testNumbers: readonly TestNumber[];
  /** Index of the first test case with fixtures, if any. */
  firstFixtures: number | null;
}): Partial<SimulatorSettings> | null {
  const own = input.testNumbers.filter((n) => n.routes.some((r) => r.flowId === input.flowId));
  const number = (own[0] ?? input.testNumbers[0])?.number;
  if (!number) return null;
  if (!input.callsSystems) return { callerNumber: number };
  const sources = ['draft', 'staging', 'production'] as const satisfies readonly PreviewSource[];
  const source = sources.find((s) => (s === 'draft' || input.environments[s] !== null) && backendPreviewRefusal(input.user, s, input.environments) === null);
  if (source) return { source, backend: { kind: 'staging' }, callerNumber: number };
  if (input.firstFixtures !== null) return { backend: { kind: 'fixtures', testCase: input.firstFixtures }, callerNumber: number };
  return { callerNumber: number };
}
