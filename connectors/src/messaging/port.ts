import type { Channel, Effect, FlowEvent, JsonValue, Session, StepIssue } from '@griot/flows';

/**
 * What messaging channels need from the runtime: the conversation engine (start a contact, feed
 * it an event, end it) and the channel bindings. The runtime's `ConversationService` and binding
 * store satisfy these structurally; connectors never import the runtime.
 */
export interface ConversationStart {
  /** `${channel}:${conversation}`: `whatsapp:<phone_number_id>:<wa_id>`, `botframework:<conversation id>`… */
  key: string;
  channel: Channel;
  flow: { bindingId: string };
  /** The subscriber's number (E.164 or WhatsApp digits: the engine normalizes), or a channel user id. */
  callerNumber: string;
  preview: boolean;
  locale?: string;
}

/**
 * A turn's outcome, as the runtime's engine gives it. `missing`: no such (live) session, nothing
 * else is set. `ended`: the contact is over, either during this turn (its last effects are here:
 * the goodbye) or before it (no effects, nothing traced).
 */
export interface ConversationTurn {
  status: 'ok' | 'missing' | 'ended';
  session?: Pick<Session, 'flowId' | 'locale' | 'status'> | null;
  effects?: Effect[];
  issues?: StepIssue[];
  trace?: { nodes: string[] };
}

/** Whether a turn found its contact already over (so a new message should start a new one). */
export function endedBefore(turn: ConversationTurn): boolean {
  return turn.status === 'ended' && (turn.effects?.length ?? 0) === 0 && (turn.trace?.nodes.length ?? 0) === 0;
}

export interface ConversationPort {
  start(input: ConversationStart): Promise<ConversationTurn>;
  handle(key: string, event: FlowEvent): Promise<ConversationTurn>;
  end(key: string, reason: string): Promise<unknown>;
  /** Whether the conversation waits for (or is with) an agent: then the agent, not inactivity, closes it. */
  waitsForAgent?(key: string): Promise<boolean>;
}

/** The part of a binding a messaging channel reads. */
export interface MessagingBinding {
  id: string;
  channel: Channel;
  address: string;
  flowId: string;
  settings: Record<string, JsonValue>;
}

export interface BindingDirectory {
  findBinding(channel: Channel, address: string): Promise<MessagingBinding | null>;
  getBinding(id: string): Promise<MessagingBinding | null>;
}

/** pino-compatible logging, so connectors log through the runtime's logger. */
export interface MessagingLogger {
  info(details: object, message?: string): void;
  warn(details: object, message?: string): void;
  error(details: object, message?: string): void;
  debug(details: object, message?: string): void;
}

export const silentLogger: MessagingLogger = { info() {}, warn() {}, error() {}, debug() {} };
