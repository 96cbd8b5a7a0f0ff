import type { Channel } from '../schema/common.ts';
import type { JsonValue } from '../interpreter/types.ts';

/**
 * Contacts handed over to agents, callback requests and queues, as the agent API answers them
 * (docs/api.md, "Agents") and the store keeps them: the runtime produces them, the designer's
 * agent app and wallboard read them.
 */

export type HandoffStatus = 'waiting' | 'assigned' | 'closed';

/** One earlier contact, as the agent reads it (from the caller profile). */
export interface HandoffHistoryItem {
  /** When, as an instant (ISO 8601): the inbox shows it in the browser's zone and language like its other times. Absent on contacts queued before it was kept. */
  at?: string;
  /** Day and time in the queue's time zone (`2026-03-02`, `14:05`). */
  day: string;
  time: string;
  channel: Channel;
  reason: string;
  outcome: string;
  agent?: string;
}

/**
 * What an agent wrote for the next one when transferring the contact to another queue (« déjà
 * vérifié : forfait actif, le souci vient du réseau »): never sent to the subscriber. Codes and the
 * session's sensitive values are masked before it is stored.
 */
export interface HandoffNote {
  at: string;
  /** Who wrote it. */
  agent: string;
  /** The queue it left, and the one it was sent to. */
  fromQueue: string;
  toQueue: string;
  text: string;
}

/** A contact handed over to a human: waiting in a queue, with an agent, or closed. */
export interface HandoffContact {
  id: string;
  queue: string;
  /** Lower is served first; FIFO among equals. */
  priority: number;
  /** When it entered the queue it is in: its place and its wait there (a transfer to another queue moves it to the transfer's time). */
  enqueuedAt: string;
  /**
   * When the subscriber first asked for an agent, set by the first transfer to another queue
   * (the `enqueuedAt` it had) and kept through later ones: the total wait. Absent when never transferred (`enqueuedAt` then).
   */
  firstEnqueuedAt?: string;
  channel: Channel;
  /**
   * The client the subscriber writes from, where one channel carries several: Bot Framework's
   * `channelId` (`msteams`, `webchat`, `directline`…). Absent when the channel has one client, or it is unknown.
   */
  platform?: string;
  /** The conversation engine's session key (`voice:<call_sid>`, `whatsapp:<id>:<wa_id>`). */
  sessionKey: string;
  callerNumber: string;
  /**
   * The name the subscriber gave their account on the platform (WhatsApp's profile name), while the contact is open:
   * account data, never logged nor backed up, removed when the contact closes. Anyone may write any name there: shown
   * beside the number, never instead of it.
   */
  callerName?: string;
  locale: string;
  reason: string;
  /** The flow's handoff context (sensitive variables already left out by the flow). */
  context: Record<string, JsonValue>;
  history: HandoffHistoryItem[];
  status: HandoffStatus;
  agent?: string;
  assignedAt?: string;
  closedAt?: string;
  /** How it ended: `released` (back to the bot), the agent's outcome, `callback`, `hangup`, `unavailable`… */
  outcome?: string;
  /** The notes agents wrote with its transfers, oldest first. Absent when none was written. */
  notes?: HandoffNote[];
  preview: boolean;
  updatedAt: string;
  /**
   * When an agent first had the contact (took it): analytics counted the bot's contact as
   * transferred then, once; kept through transfers so a second take does not count it again.
   */
  handedOverAt?: string;
  /**
   * Closed, and what was written in it not yet masked (set with the close, removed once the
   * messages are masked): a process stopped in between leaves it for the next masking pass.
   */
  maskPending?: true;
}

/** A message of a messaging conversation while it is with an agent. */
export interface HandoffMessage {
  id: string;
  contactId: string;
  at: string;
  from: 'subscriber' | 'agent';
  /** The agent's username for agent messages. */
  author?: string;
  text: string;
  /**
   * An agent's message stored but not yet taken by the channel: the request sending it may have
   * died or failed in between. The recovery pass sends it (once) and clears the flag.
   */
  pending?: boolean;
  /**
   * An agent's message the channel refused for good (the subscriber blocked the page…), its
   * reason: kept in the conversation, never sent again; a retry under its id is refused the same way.
   */
  undelivered?: string;
}

export type CallbackStatus = 'pending' | 'taken' | 'done' | 'failed';

/** A caller who asked to be called back instead of waiting. */
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
  /** The handoff contact it came from. */
  contactId?: string;
  /** When the agent told the subscriber they would be called back (ISO); absent: as soon as possible. */
  callAt?: string;
  /** The last call Griot placed for it through jambonz (callbacks out); absent when agents dial by hand. */
  lastCall?: CallbackCall;
  updatedAt: string;
}

/**
 * A call placed to a subscriber for their callback request. `placed`: jambonz accepted it and
 * rings the subscriber; `answered`: the subscriber picked up and is put through to the agent;
 * `completed`: that call is over (the agent marks the request done or failed); `failed`: see
 * `reason` (`jambonz_refused`, `jambonz_unavailable`, `not_configured`, `no_answer`, `busy`,
 * `call_failed`, `agent_unavailable`) and `detail`.
 */
export interface CallbackCall {
  status: 'placed' | 'answered' | 'completed' | 'failed';
  /** Which take of the request placed it (the request's `attempts` then). */
  attempt: number;
  /** jambonz's call sid, once jambonz accepted the call. */
  sid?: string;
  from?: string;
  at: string;
  reason?: string;
  detail?: string;
}

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export interface OpeningPeriod {
  open: string;
  close: string;
}
export type WeeklyHours = Partial<Record<Weekday, OpeningPeriod[]>>;

/** Per queue: when agents work, and when a waiting caller is offered a callback. */
export interface QueueSettings {
  queue: string;
  /** Seconds of waiting after which a callback is offered. */
  callbackAfterSeconds: number;
  /** IANA zone the hours are in (`Africa/Porto-Novo`). */
  timezone: string;
  /** Opening hours per weekday (`08:00`–`18:00`); an empty object means always open. */
  weeklyHours: WeeklyHours;
  /** Closed days, `YYYY-MM-DD` in the queue's zone. */
  holidays: string[];
  /**
   * What a voice caller gets when the queue is closed: the flow's `unavailable` message
   * (default), or first the offer of a callback (declining it leads to the message).
   */
  whenClosed?: 'message' | 'callback';
  /** What agents and supervisors read for the queue (« Facturation »); absent: its name (`billing_fr`). */
  displayName?: string;
  updatedAt: string;
  updatedBy: string;
}

export interface BoardContact extends HandoffContact {
  waitSeconds: number;
  /** Waited past the queue's threshold: offer a callback. */
  callbackDue: boolean;
}

export interface QueueView {
  queue: string;
  /** Waiting first (by priority, then arrival), then those with an agent. */
  contacts: BoardContact[];
  waiting: number;
  longestWaitSeconds: number;
  /** Agents with a contact of this queue. */
  agentsBusy: string[];
  callbacksPending: number;
  settings: QueueSettings;
}

/** A node the caller went through, as the agent reads it: its name on the canvas, not its id. */
export interface ContactFlowNode {
  id: string;
  /** Absent when the version no longer has the node (or the flow is gone). */
  type?: string;
  label?: string;
  /**
   * How the look-up at this node (an HTTP node) went the last time the caller went through it,
   * from the transcript: its branch and the HTTP status — never the answer's body.
   */
  lookup?: ContactLookup;
}

/**
 * A look-up's outcome as the agent reads it on the path: « Appel au SI (échec : délai dépassé) ».
 * `misconfigured`: not sent, for want of Griot's own configuration (a secret unset, a backend
 * without an address), as transcripts, metrics and the simulator say: not the operator's system.
 */
export interface ContactLookup {
  outcome: 'ok' | 'notFound' | 'error' | 'timeout' | 'misconfigured';
  status?: number;
}

/** The flow a handed-over contact came through, its path named from the version it ran. */
export interface ContactFlow {
  id: string;
  version?: number;
  name?: string;
  path: ContactFlowNode[];
  /** The flow's description of each variable of the context, for agents to read instead of its name. */
  variables?: Record<string, string>;
}

/**
 * One line of what the subscriber and the bot said before the handover, from the session's
 * transcript: masked as the transcript masks it (a PUK is `•••`), never the clear value.
 */
export interface BotTurn {
  at: string;
  from: 'subscriber' | 'bot';
  text: string;
}

/** One contact as the agent opens it: the bot part of the conversation, its messages, and the flow it came through. */
export interface ContactDetails {
  contact: HandoffContact;
  /** What the subscriber and the bot said before the handover, oldest first (the last turns only). */
  botTurns: BotTurn[];
  messages: HandoffMessage[];
  flow?: ContactFlow;
}

/**
 * An agent's state as supervisors read it: « Disponible » (offered new contacts), « En pause »
 * (keeps the contacts they hold, offered none), « Hors ligne » (no page of theirs open past the
 * grace period, signed out, or set so by a supervisor).
 */
export type AgentPresenceState = 'available' | 'paused' | 'offline';

/** The agent's own state (`GET /api/agent/presence`): what their inbox shows beside « Disponible » / « En pause ». */
export interface AgentPresenceView {
  username: string;
  state: AgentPresenceState;
  /** When the state was last chosen (or the page came back): absent before their first page. */
  since?: string;
  /** Who chose it when it was not the agent themselves (a supervisor who set them offline). */
  changedBy?: string;
  /** While paused: why (« Formation »), when they said. */
  reason?: string;
}

/** A reason an agent may give for a pause (`GET /api/agent/pause-reasons`, GRIOT_PAUSE_REASONS). */
export interface PauseReasonView {
  label: string;
  /** Past this, supervisors see the pause as running long. */
  maxMinutes: number;
}

/** One agent on a queue's line of the supervisor's view. */
export interface QueueAgent {
  username: string;
  state: AgentPresenceState;
  /** The contacts of this queue they hold now. */
  contacts: number;
  /** When their state was chosen (or their page came back). */
  since?: string;
  /** While paused: why, when they said (« Formation »). */
  reason?: string;
  /** While paused: the minutes past which the pause runs long (its reason's, else the longest of the reasons). */
  pauseLimitMinutes?: number;
  /** While paused, past `pauseLimitMinutes`: the pause runs long. */
  pauseTooLong?: boolean;
}

/** What changed, for the agent inbox (sent as Server-Sent Events). */
export interface HandoffChange {
  /**
   * `assignment`: an admin changed the queues (or roles) of the user `id`; only that user's streams hear of it.
   * `presence`: the agent `id` (`agent`) chose or was given a state (`status`, `by`); supervisors' boards read again.
   */
  type: 'contact' | 'message' | 'callback' | 'settings' | 'canned' | 'assignment' | 'presence';
  /** The contact, callback request, queue, canned reply or user (`assignment`) concerned. */
  id: string;
  queue?: string;
  /** A contact transferred: the queue it left (its agents' inboxes drop it). */
  fromQueue?: string;
  status?: string;
  /** `contact` and `message`: the agent who holds the contact (hears of it whatever their queues). */
  agent?: string;
  /** `contact`: the agent who held it until this change (a transfer, a requeue, a take-over): they hear of it whatever their queues. */
  fromAgent?: string;
  /** `presence`: who changed it (the agent themselves, a supervisor); the agent's own pages hear only of someone else's change. */
  by?: string;
  at: string;
}
