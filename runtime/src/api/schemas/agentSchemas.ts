import { z } from 'zod';
import { Channel } from '@griot/flows';

/** What the agent API answers (`runtime/src/handoff`); the store's types are the source. */

const Weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
const Context = z.record(z.string(), z.unknown()).describe("the flow's handoff context (callerNumber, locale, variables…); sensitive variables are left out");

export const HandoffHistoryItemSchema = z.object({
  at: z.string().optional().describe('the instant (ISO 8601), for showing it in the reader’s zone; absent on contacts queued before it was kept'),
  day: z.string().describe("`YYYY-MM-DD` in the queue's time zone"),
  time: z.string().describe('`HH:MM`'),
  channel: Channel,
  reason: z.string(),
  outcome: z.string(),
  agent: z.string().optional(),
});

export const HandoffContactSchema = z.object({
  id: z.string(),
  queue: z.string(),
  priority: z.number().int().describe('lower is served first; first come, first served among equals'),
  enqueuedAt: z.string().describe('when it entered the queue it is in (a transfer to another queue moves it to the transfer): its place and its wait there'),
  firstEnqueuedAt: z.string().optional().describe('when the subscriber first asked for an agent, on a contact transferred to another queue: the total wait'),
  channel: Channel,
  platform: z.string().optional().describe('the client the subscriber writes from, on a channel that carries several: Bot Framework’s `channelId` (`msteams`, `webchat`, `directline`…)'),
  sessionKey: z.string().describe('`voice:<call_sid>`, `whatsapp:<phone_number_id>:<wa_id>`…; a web chat visitor’s conversation id (their credential) is `#` and a digest'),
  callerNumber: z.string(),
  callerName: z
    .string()
    .optional()
    .describe('the name the subscriber gave their account on the platform (WhatsApp’s profile name), while the contact is open: removed when it closes, never backed up'),
  locale: z.string(),
  reason: z.string(),
  context: Context,
  history: z.array(HandoffHistoryItemSchema).describe("the caller's earlier contacts"),
  status: z.enum(['waiting', 'assigned', 'closed']),
  agent: z.string().optional(),
  assignedAt: z.string().optional(),
  closedAt: z.string().optional(),
  outcome: z
    .string()
    .optional()
    .describe(
      "how it ended: `released` (back to the bot), the agent's closing outcome (`resolved`…; words typed before the list on older contacts), `callback`, `served`, `hangup`, `abandoned`, `unavailable`, `replaced`, `continued`",
    ),
  preview: z.boolean(),
  updatedAt: z.string(),
  handedOverAt: z.string().optional().describe('when an agent first took it, kept through transfers: the flow analytics count the contact transferred then'),
  notes: z
    .array(z.object({ at: z.string(), agent: z.string(), fromQueue: z.string(), toQueue: z.string(), text: z.string() }))
    .optional()
    .describe('what agents wrote for the next one with its transfers, oldest first (codes and sensitive values masked); never sent to the subscriber'),
  maskPending: z.literal(true).optional().describe('closed, its messages not yet masked (a process stopped between the close and the masking; done within a minute)'),
});

export const BoardContactSchema = HandoffContactSchema.extend({
  waitSeconds: z.number().int(),
  callbackDue: z.boolean().describe("waiting past the queue's callbackAfterSeconds: offer a callback"),
});

export const QueueSettingsSchema = z.object({
  queue: z.string(),
  callbackAfterSeconds: z.number().int().describe('waiting this long gets a callback offer'),
  timezone: z.string().describe('IANA zone of the hours and holidays'),
  weeklyHours: z.partialRecord(Weekday, z.array(z.object({ open: z.string(), close: z.string() }))).describe('`HH:MM` intervals per weekday; empty: always open'),
  holidays: z.array(z.string()).describe('closed days, `YYYY-MM-DD`'),
  whenClosed: z.enum(['message', 'callback']).optional().describe("closed queue, voice: the flow's `unavailable` message (default) or first a callback offer"),
  displayName: z.string().optional().describe('what agents and supervisors read for the queue (« Facturation »); absent: its name'),
  updatedAt: z.string(),
  updatedBy: z.string().describe('`default` for a queue without settings of its own'),
});

export const CannedReplySchema = z.object({
  id: z.string(),
  title: z.string().describe('what agents search by'),
  texts: z.record(z.string(), z.string()).describe('language code (`fr`, `en`, `fon`…) → text; plain text, nothing is filled from the caller’s data'),
  queues: z.array(z.string()).optional().describe('offered only on these queues’ contacts, listed there before the general ones; absent: on every queue'),
  updatedAt: z.string(),
  updatedBy: z.string(),
});

export const QueueViewSchema = z.object({
  queue: z.string(),
  contacts: z.array(BoardContactSchema).describe('waiting first (by priority, then arrival), then those with an agent'),
  waiting: z.number().int(),
  longestWaitSeconds: z.number().int(),
  agentsBusy: z.array(z.string()),
  callbacksPending: z.number().int(),
  settings: QueueSettingsSchema,
});

const PresenceState = z.enum(['available', 'paused', 'offline']).describe('« Disponible », « En pause » or « Hors ligne »');

export const AgentPresenceSchema = z.object({
  username: z.string(),
  state: PresenceState.describe('offline also when no page of theirs has been open for 60 seconds, or they signed out'),
  since: z.string().optional().describe('when the state was chosen (or their page came back); absent before their first page'),
  changedBy: z.string().optional().describe('the supervisor who set it, when it was not the agent'),
  reason: z.string().optional().describe('while paused: why, when the agent said (« Formation »)'),
});

export const PauseReasonSchema = z.object({
  label: z.string().describe('what the agent picks and supervisors read (« Pause déjeuner »)'),
  maxMinutes: z.number().int().describe('past this, supervisors see the pause run long'),
});

export const QueueAgentSchema = z.object({
  username: z.string(),
  state: PresenceState,
  contacts: z.number().int().describe('the contacts of this queue they hold now'),
  since: z.string().optional().describe('when their state was chosen (or their page came back)'),
  reason: z.string().optional().describe('while paused: why, when they said'),
  pauseLimitMinutes: z.number().int().optional().describe('while paused: the minutes past which the pause runs long (its reason’s, else the longest reason’s)'),
  pauseTooLong: z.boolean().optional().describe('while paused: true once the pause runs past `pauseLimitMinutes`'),
});

export const SupervisorRowSchema = QueueViewSchema.pick({ queue: true, waiting: true, longestWaitSeconds: true, agentsBusy: true, callbacksPending: true }).extend({
  agentsDisabled: z.array(z.string()).describe('accounts disabled while they still hold a contact here (not busy: nobody answers it; an admin puts it back in the queue)'),
  agents: z
    .array(QueueAgentSchema)
    .describe(
      'who is there: the agents (`agent` role) answering the queue who are not offline, and whoever holds one of its contacts (an offline one: nobody answers them); available first, then paused, then offline',
    ),
  agentsAvailable: z.number().int().describe('agents « Disponible » for this queue (some may already hold contacts)'),
  noAgentAvailable: z.boolean().describe('subscribers wait and no agent answering the queue is « Disponible »'),
});

export const HandoffMessageSchema = z.object({
  id: z.string(),
  contactId: z.string(),
  at: z.string(),
  from: z.enum(['subscriber', 'agent']),
  author: z.string().optional().describe("the agent's username, on agent messages"),
  text: z.string(),
  pending: z
    .boolean()
    .optional()
    .describe(
      "true while an agent reply waits for its channel to take it: Griot sends it again once the slowest channel's send could have ended (64 s with the default send settings), on its 15-second job, so within about a minute and a half",
    ),
  undelivered: z.string().optional().describe('on an agent reply the platform refused for good (the subscriber blocked the page…), why: kept, never sent; the agent app shows it "not delivered"'),
});

export const ContactFlowSchema = z
  .object({
    id: z.string(),
    version: z.number().int().optional().describe('absent when the session ran the draft'),
    name: z.string().optional().describe("the flow's name; absent when the version is gone"),
    path: z
      .array(
        z.object({
          id: z.string(),
          type: z.string().optional(),
          label: z.string().optional().describe('the name shown on the canvas'),
          lookup: z
            .object({ outcome: z.enum(['ok', 'notFound', 'error', 'timeout', 'misconfigured']), status: z.number().int().optional() })
            .optional()
            .describe("on an HTTP node: how its look-up went the last time the caller went through it (its branch, the HTTP status); never the answer's body"),
        }),
      )
      .describe('`context.path`, each node named from the version the session ran (`type` and `label` absent for a node it does not have)'),
    variables: z.record(z.string(), z.string()).optional().describe('the description the flow gives each variable of `context.variables` (absent for one it does not describe)'),
  })
  .describe('the flow the contact came through (absent when the context names none)');

export const BotTurnSchema = z.object({
  at: z.string(),
  from: z.enum(['subscriber', 'bot']),
  text: z.string().describe('masked as transcripts mask it (a sensitive value is •••)'),
});
export const ContactWithMessagesSchema = z.object({
  contact: HandoffContactSchema,
  botTurns: z.array(BotTurnSchema).describe('what the subscriber and the bot said before the handover, oldest first, the last 50'),
  messages: z.array(HandoffMessageSchema).describe('oldest first'),
  flow: ContactFlowSchema.optional(),
});
export const ReplyResultSchema = z.object({
  message: HandoffMessageSchema,
  delivered: z.boolean().describe('false when the channel has no sender for agents (the message is kept)'),
});
export const ReleaseResultSchema = z.object({ contact: HandoffContactSchema, prompts: z.array(z.string()).describe('what the bot said next') });

export const CallbackRequestSchema = z.object({
  id: z.string(),
  number: z.string(),
  queue: z.string(),
  locale: z.string(),
  reason: z.string(),
  context: Context,
  requestedAt: z.string(),
  status: z.enum(['pending', 'taken', 'done', 'failed']),
  attempts: z.number().int().describe('times taken'),
  agent: z.string().optional(),
  contactId: z.string().optional().describe('the handoff contact it came from'),
  callAt: z.string().optional().describe('when the agent told the subscriber they would be called back; absent: as soon as possible'),
  lastCall: z
    .object({
      status: z.enum(['placed', 'answered', 'completed', 'failed']),
      attempt: z.number().int(),
      sid: z.string().optional().describe("jambonz's call sid"),
      from: z.string().optional(),
      at: z.string(),
      reason: z.string().optional().describe('jambonz_refused, jambonz_unavailable, not_configured, no_answer, busy, call_failed, agent_unavailable'),
      detail: z.string().optional(),
    })
    .optional()
    .describe('the call Griot placed for the latest take (callbacks out)'),
  updatedAt: z.string(),
});
