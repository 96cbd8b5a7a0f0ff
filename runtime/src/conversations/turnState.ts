import type { Effect, Flow, FlowEvent, StepIssue, Understanding } from '@griot/flows';
import type { CallerChanges, ContactSummary, SessionRecord, Transcript } from '../store/types.ts';
import type { QueuedHandoff } from './types.ts';
import type { LookupFailure } from '../webhooks/lookupFailure.ts';

/** A loaded session and the flow version it runs. */
export interface Conversation {
  record: SessionRecord;
  flow: Flow;
  /** A new contact's transcript, written with its first turn (one write instead of two). */
  newTranscript?: Omit<Transcript, 'turns'>;
  /** What the contact's start changed in the caller's profile (the channel used last), saved with its first turn. */
  callerChanges?: CallerChanges;
  /** A new contact: the caller's latest contact before it, from the profile (containment: did they come back?). */
  previousContact?: ContactSummary;
  /** What the subscriber wrote that opened the contact: kept as its first turn's input in the transcript. */
  opening?: string;
  /** Taken from this instance's cache (`SessionCache`): its revision is the one this instance saved, not checked against the store since. */
  cached?: boolean;
  /** This instance held a slow look-up of the contact in the store (`PendingContinuation`). */
  heldLookup?: boolean;
}

/** A look-up answered during a turn, as the engine timed it. */
export interface LookupReport {
  node: string;
  /** The http node's named backend, `url` for an absolute address, `model` for an intent node's classifier. */
  backend: string;
  /** `response`, `timeout`, `error` (http); `ok`, `unavailable`, `error`, `timeout` (model). */
  outcome: string;
  ms: number;
  /** A failed look-up's cause (`timeout`, `http 503`, `ECONNREFUSED`…): LookupRunner's `lookupFailureOf`. */
  cause?: string;
  /** An http answer with a status the node reads as « not found » (LookupRunner's `lookupNotFound`): the subscriber is unknown, not a failure. */
  notFound?: boolean;
}

/** What one turn has produced so far. */
export interface TurnSoFar {
  effects: Effect[];
  issues: StepIssue[];
  trace: { nodes: string[]; edges: string[] };
  /** The variables the turn's steps assigned, even to the value they held (`StepResult.assigned`): what the caller's profile may learn. */
  assigned?: Set<string>;
  /** Set when the turn's handoff joined an agent queue. */
  queued?: QueuedHandoff;
  /** Look-ups answered in this turn (analytics, metrics). */
  lookupReports: LookupReport[];
  /** Preview sessions only: what each look-up answered, for the tester (and recorded test cases). */
  lookups?: LookupAnswer[];
  /** What the caller's free words were understood as (intent and menu nodes): the preview route shows it, nothing else does. */
  understanding?: Understanding[];
}

/** One `http` node's look-up in a preview turn: where its answer came from, the answer, how long it took. */
export interface LookupAnswer {
  node: string;
  source: 'fixture' | 'backend' | 'missing';
  answer: Extract<FlowEvent, { type: 'webhook' }>;
  durationMs: number;
  /** Why it failed, when it did for a reason the tester can act on (a refused request, no fixture). */
  failure?: LookupFailure;
}

export function emptyTurn(): TurnSoFar {
  return { effects: [], issues: [], trace: { nodes: [], edges: [] }, lookupReports: [] };
}

export function roundMs(ms: number): number {
  return Math.round(ms * 100) / 100;
}
