import { createStore, useStore } from 'zustand';
import type { Channel, Effect, FlowEvent, Session, StepIssue, TestCase, Understanding } from '@griot/flows';
import type { PreviewLookup, PreviewSource } from '../api/types.ts';

/** One turn of the conversation: what the caller did, then what the flow answered. */
export interface SimulatorTurn {
  event: FlowEvent;
  /** What the caller did, as shown in the transcript (the pressed key, the typed words). */
  shown?: string;
  effects: Effect[];
  issues: StepIssue[];
  /** What the turn's look-ups answered (a saved test replays them). */
  lookups: PreviewLookup[];
  /** What the caller's free words were understood as (absent in turns recorded before). */
  understanding?: Understanding[];
  /** Where the contact waits after this turn (or ended at). */
  at: string | null;
  ended: boolean;
}

export interface SimulatorSettings {
  source: PreviewSource;
  channel: Channel;
  callerNumber: string;
  locale: string | null;
  /** Look-ups answered by a test case's fixtures, or by the staging backend. */
  backend: { kind: 'fixtures'; testCase: number } | { kind: 'staging' } | { kind: 'none' };
  /** Play recorded prompts aloud as they come (voice). */
  playAudio: boolean;
}

export interface SimulatorState {
  settings: SimulatorSettings;
  sessionId: string | null;
  busy: boolean;
  error: string | null;
  turns: SimulatorTurn[];
  state: Session | null;
  fixtures: TestCase['fixtures'];
  updateSettings(patch: Partial<SimulatorSettings>): void;
}

export const simulatorStore = createStore<SimulatorState>()((set) => ({
  settings: {
    source: 'draft',
    channel: 'voice',
    callerNumber: '+2290197000001',
    locale: null,
    backend: { kind: 'none' },
    playAudio: true,
  },
  sessionId: null,
  busy: false,
  error: null,
  turns: [],
  state: null,
  fixtures: {},
  updateSettings: (patch) => set((s) => ({ settings: { ...s.settings, ...patch } })),
}));

export function useSimulator<T>(selector: (state: SimulatorState) => T): T {
  return useStore(simulatorStore, selector);
}
