import type { Flow, FlowDiff, HttpFixture, LintIssue, Session, Effect, StepIssue, Understanding, TestReport } from '@griot/flows';

/** Types of the server's answers, as docs/api.md describes them. */
export type Role = 'admin' | 'editor' | 'publisher' | 'tester' | 'viewer' | 'agent' | 'supervisor';

export interface User {
  id: string;
  username: string;
  displayName?: string;
  roles: Role[];
  /** Signed in with a printed or reset password: the server answers nothing else until it is changed. */
  mustChangePassword?: boolean;
  /** The queues whose contacts the agent app shows; null or absent: every queue. */
  queues?: string[] | null;
}

export interface EnvironmentPointer {
  version: number;
  /** Versions it ran before, most recent last. */
  history?: number[];
  /** Versions a publisher or admin put here (staging), most recent last: vetted for the real backends. */
  vetted?: number[];
  updatedAt?: string;
  updatedBy?: string;
}

export interface Environments {
  staging: EnvironmentPointer | null;
  production: EnvironmentPointer | null;
  /** GET …/environments only: after how many minutes without a message this server starts a conversation over (GRIOT_SESSION_TTL_MINUTES). */
  inactivityMinutes?: number;
}

/** What `POST /api/flows/:id/duplicate` answers. */
export interface DuplicatedFlow {
  flow: { id: string; name: string };
  from: { flowId: string; version: number | null };
  /** Recordings copied with it. */
  recordings: number;
  /** Names its prompts play that the source held no file for. */
  missing: string[];
}

export interface FlowSummary {
  id: string;
  name: string;
  updatedAt?: string;
  draftRevision: number;
  latestVersion: number | null;
  environments: { staging: number | EnvironmentPointer | null; production: number | EnvironmentPointer | null };
  /** Where the flow list files it (the draft's `settings.folder`). */
  folder?: string;
}

export interface Draft {
  revision: number;
  document: Flow;
  hash?: string;
  updatedAt?: string;
  updatedBy?: string;
  lint?: LintIssue[];
}

export interface VersionSummary {
  number: number;
  hash: string;
  author?: string;
  message: string;
  createdAt: string;
  /** A name people use for it ("Ramadan 2027"). */
  label?: string;
  /** An imported version: what the file claimed (author, date, message); `author`/`createdAt` are the importer's. */
  importedFrom?: { author: string; createdAt: string; message: string };
}

export interface Version extends VersionSummary {
  document: Flow;
}

export interface FlowDetails {
  flow: { id: string; name: string };
  draft: Draft;
  /** The newest 100, oldest first; older ones from the paged listing (`flowsApi.versions`). */
  versions: VersionSummary[];
  /** Whether older versions exist than those given (absent from an older server: all were given). */
  olderVersions?: boolean;
  environments: Environments;
  lint?: LintIssue[];
}

export interface Binding {
  id: string;
  channel: string;
  address: string;
  flowId: string;
  environment: 'staging' | 'production';
  /** `addedBy`: a tester's own phone, which reaches staging only once an admin confirmed it (`confirmedAt`). */
  testers?: Array<{ number: string; version?: number; locale?: string; addedBy?: string; confirmedAt?: string }>;
  /** The version each environment of the flow runs now. */
  environments?: { staging: number | null; production: number | null };
}

export interface SaveDraftResult {
  revision: number;
  hash?: string;
  lint?: LintIssue[];
  /** The document as stored, when the server stamped translations the sent one had not. */
  document?: Flow;
}

export interface ConflictBody {
  current: { revision: number; document: Flow; hash?: string; updatedBy?: string; updatedAt?: string };
}

export type PreviewSource = 'draft' | 'staging' | 'production' | { version: number };

/** `GET /api/test-numbers`: a number an admin listed as a tester on an entry point, the only kind a preview may call the real systems as. */
export interface TestNumber {
  /** E.164. */
  number: string;
  routes: Array<{ bindingId: string; channel: string; address: string; flowId: string; version?: number; locale?: string }>;
}

/** What one look-up of a preview turn answered (docs/api.md, "Preview"). */
export interface PreviewLookup {
  node: string;
  source: 'fixture' | 'backend' | 'missing';
  outcome: 'response' | 'timeout' | 'error';
  status?: number;
  message?: string;
  durationMs: number;
  /** The http node output the flow took. */
  output?: string;
  /** Why it failed without an answer, as a code to translate (`lookup.reason.*`). */
  reason?: { code: string; params?: Record<string, string> };
  /** The response body to read, sensitive values masked, cut at 4,000 characters. */
  body?: { text: string; truncated: boolean };
  /** The answer as a test case replays it: what the node reads, sensitive values made up. */
  fixture: HttpFixture;
  /** Sensitive variables whose values the fixture makes up. */
  synthetic: string[];
}

export interface PreviewTurn {
  effects: Effect[];
  state: Session;
  trace: { nodes: string[]; edges: string[] };
  issues: StepIssue[];
  lookups?: PreviewLookup[];
  /** What the caller's free words were understood as (intent and menu nodes). */
  understanding?: Understanding[];
}

export interface PreviewSession extends PreviewTurn {
  id: string;
}

export type { FlowDiff, TestReport };

/** A flow in the archive (deleted, restorable by an admin until `purgeAfter`). */
export interface ArchivedFlow {
  id: string;
  name: string;
  archivedAt: string;
  archivedBy: string;
  purgeAfter: string;
}

/** What still routes callers to a flow: the body's `usedBy` of a 409 `flow_in_use`. */
export interface FlowUsage {
  environments: Array<{ environment: 'staging' | 'production'; version: number }>;
  bindings: Array<{ id: string; channel: string; address: string; environment: 'staging' | 'production' }>;
}

/** `GET /api/flows/:id/test-calls`: a real call or conversation from one of the flow's test numbers, as its transcript (sensitive values masked). */
export interface TestCall {
  sessionKey: string;
  flowVersion: number | null;
  channel: string;
  callerNumber: string;
  startedAt: string;
  endedAt?: string;
  endReason?: string;
  turns: Array<{ at: string; input: unknown; prompts: string[]; lookups?: Array<{ node: string; backend: string; outcome: string; cause?: string }> }>;
}
