import type { Channel, ClosingOutcome, JsonValue } from '@griot/flows';

/** The agent API's answers (docs/api.md, "Agents"). */

export type ContactStatus = 'waiting' | 'assigned' | 'closed';

/** One of the caller's earlier contacts, in the queue's time zone. */
export interface HistoryItem {
  day: string;
  time: string;
  channel: Channel;
  reason: string;
  /** A closing outcome code, an ending (`released`, `hangup`…) or, on old contacts, the agent's own words. */
  outcome: string;
  agent?: string;
}

export interface HandoffContact {
  id: string;
  queue: string;
  priority: number;
  enqueuedAt: string;
  channel: Channel;
  sessionKey: string;
  callerNumber: string;
  locale: string;
  reason: string;
  context: Record<string, JsonValue>;
  history: HistoryItem[];
  status: ContactStatus;
  agent?: string;
  assignedAt?: string;
  closedAt?: string;
  outcome?: string;
  preview: boolean;
  updatedAt: string;
}

/** A contact in the queue listing, with its wait at the time of the listing. */
export interface BoardContact extends HandoffContact {
  waitSeconds: number;
  callbackDue: boolean;
}

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export interface OpeningPeriod {
  open: string;
  close: string;
}
export type WeeklyHours = Partial<Record<Weekday, OpeningPeriod[]>>;

export interface QueueSettings {
  queue: string;
  callbackAfterSeconds: number;
  timezone: string;
  weeklyHours: WeeklyHours;
  holidays: string[];
  whenClosed?: 'message' | 'callback';
  updatedAt: string;
  /** `default` for a queue without settings of its own. */
  updatedBy: string;
}

export type QueueSettingsBody = Omit<QueueSettings, 'queue' | 'updatedAt' | 'updatedBy'>;

export interface QueueView {
  queue: string;
  contacts: BoardContact[];
  waiting: number;
  longestWaitSeconds: number;
  agentsBusy: string[];
  callbacksPending: number;
  settings: QueueSettings;
}

export interface HandoffMessage {
  id: string;
  contactId: string;
  at: string;
  from: 'subscriber' | 'agent';
  author?: string;
  text: string;
}

/** The flow a contact came through, its path named from the version the session ran. */
export interface ContactFlow {
  id: string;
  version?: number;
  name?: string;
  path: Array<{ id: string; type?: string; label?: string }>;
}

export interface ContactDetails {
  contact: HandoffContact;
  messages: HandoffMessage[];
  flow?: ContactFlow;
}

export type CallbackStatus = 'pending' | 'taken' | 'done' | 'failed';

export interface CallbackCall {
  status: 'placed' | 'answered' | 'completed' | 'failed';
  attempt: number;
  sid?: string;
  from?: string;
  at: string;
  reason?: string;
  detail?: string;
}

export interface CallbackRequest {
  id: string;
  number: string;
  queue: string;
  locale: string;
  reason: string;
  context: Record<string, JsonValue>;
  requestedAt: string;
  status: CallbackStatus;
  attempts: number;
  agent?: string;
  contactId?: string;
  lastCall?: CallbackCall;
  updatedAt: string;
}

/** A change the server announces on `/api/agent/events`: which contact, request or queue to read again. */
export interface AgentEvent {
  type: 'contact' | 'message' | 'callback' | 'settings';
  id: string;
  queue?: string;
  status?: string;
  at: string;
}

export type { ClosingOutcome };
