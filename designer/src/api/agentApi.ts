import type {
  AgentPresenceView,
  PauseReasonView,
  CallbackRequest,
  CallbackStatus,
  ClosingOutcome,
  ContactDetails,
  HandoffChange,
  HandoffContact,
  QueueAgent,
  QueueSettings,
  QueueView,
} from '@griot/flows';
import { api, READ_DEADLINE_MS } from './client.ts';
import { BACKGROUND_HEADER } from './userPresence.ts';
import type { CannedReply } from '../inbox/cannedReplies.ts';

/** What a supervisor writes of a canned reply. */
export type CannedReplyBody = Pick<CannedReply, 'title' | 'texts' | 'queues'>;

/** What an agent sends to change a queue's settings (`PUT /api/agent/queues/:queue/settings`). */
export type QueueSettingsBody = Omit<QueueSettings, 'queue' | 'updatedAt' | 'updatedBy'>;

/** The holder the agent's screen showed: the server refuses the change (409 `contact_changed_hands`) when it is no longer so. */
export interface SeenHolder {
  status: HandoffContact['status'];
  agent: string | null;
  queue: string;
  /** The priority shown: a contact a supervisor raised meanwhile is refused as changed too. */
  priority: number;
}
const seenBody = (expected: SeenHolder | undefined) => (expected ? { expected } : {});

/** One queue of the supervisor's view (`GET /api/agent/supervisor`): who is there beside the figures. */
export interface SupervisorRow {
  queue: string;
  waiting: number;
  agentsDisabled: string[];
  agents: QueueAgent[];
  agentsAvailable: number;
  noAgentAvailable: boolean;
}

/** A read of the agent app: given up on at its deadline (a write never is: it could be done twice). */
const read = <T>(path: string) => api<T>(path, { deadlineMs: READ_DEADLINE_MS });

const contact = (id: string) => `/api/agent/contacts/${encodeURIComponent(id)}`;
const callback = (id: string) => `/api/agent/callbacks/${encodeURIComponent(id)}`;

/** The agent inbox routes of docs/api.md ("Agents"). */
export const agentApi = {
  queues: () => read<QueueView[]>('/api/agent/queues'),
  contact: (id: string) => read<ContactDetails>(contact(id)),
  transferQueues: () => read<{ queues: string[] }>('/api/agent/transfer-queues'),
  take: (id: string, expected?: SeenHolder) => api<HandoffContact>(`${contact(id)}/take`, { method: 'POST', body: seenBody(expected) }),
  /** `clientId`: this reply's own id, sent again on a retry, so the server stores and sends it once. */
  reply: (id: string, text: string, clientId: string) => api<unknown>(`${contact(id)}/messages`, { body: { text, clientId } }),
  transfer: (id: string, queue: string, expected?: SeenHolder, note?: string) => api<HandoffContact>(`${contact(id)}/transfer`, { body: { queue, ...seenBody(expected), ...(note ? { note } : {}) } }),
  release: (id: string, expected?: SeenHolder) => api<unknown>(`${contact(id)}/release`, { method: 'POST', body: seenBody(expected) }),
  close: (id: string, outcome: ClosingOutcome, expected?: SeenHolder) => api<HandoffContact>(`${contact(id)}/close`, { body: { outcome, ...seenBody(expected) } }),
  toCallback: (id: string, callAt?: string) => api<CallbackRequest>(`${contact(id)}/callback`, { method: 'POST', body: callAt ? { callAt } : {} }),

  callbacks: (status: CallbackStatus) => read<CallbackRequest[]>(`/api/agent/callbacks?status=${status}`),
  callbackStep: (id: string, step: 'take' | 'done' | 'failed' | 'retry') => api<CallbackRequest>(`${callback(id)}/${step}`, { method: 'POST', body: {} }),

  cannedReplies: () => read<CannedReply[]>('/api/agent/canned-replies'),
  createCannedReply: (body: CannedReplyBody) => api<CannedReply>('/api/agent/canned-replies', { method: 'POST', body }),
  updateCannedReply: (id: string, body: CannedReplyBody) => api<CannedReply>(`/api/agent/canned-replies/${encodeURIComponent(id)}`, { method: 'PUT', body }),
  deleteSettings: (queue: string) => api<unknown>(`/api/agent/queues/${encodeURIComponent(queue)}/settings`, { method: 'DELETE' }),
  deleteCannedReply: (id: string) => api<unknown>(`/api/agent/canned-replies/${encodeURIComponent(id)}`, { method: 'DELETE' }),

  presence: () => read<AgentPresenceView>('/api/agent/presence'),
  /** The agent's own state: « Disponible » or « En pause » (and why, one of `pauseReasons`). */
  choosePresence: (state: 'available' | 'paused', reason?: string) => api<AgentPresenceView>('/api/agent/presence', { method: 'PUT', body: { state, ...(reason ? { reason } : {}) } }),
  pauseReasons: () => read<PauseReasonView[]>('/api/agent/pause-reasons'),
  /**
   * The last inbox page of this browser is going away (`pagehide`): a request that outlives the
   * page (`keepalive`), with the session cookie and the page's own Origin like every change.
   */
  leftInbox: (): void => {
    try {
      void fetch('/api/agent/presence/left', { method: 'POST', keepalive: true, credentials: 'same-origin', headers: { [BACKGROUND_HEADER]: '1' } }).catch(() => {});
    } catch {
      // A browser without keepalive: the 60-second grace applies.
    }
  },
  /** A supervisor sets an agent « Hors ligne ». */
  setAgentOffline: (username: string) => api<AgentPresenceView>(`/api/agent/agents/${encodeURIComponent(username)}/presence`, { method: 'PUT', body: { state: 'offline' } }),
  supervisorRows: () => read<SupervisorRow[]>('/api/agent/supervisor'),

  saveSettings: (queue: string, body: QueueSettingsBody) => api<QueueSettings>(`/api/agent/queues/${encodeURIComponent(queue)}/settings`, { method: 'PUT', body }),
};

export interface AgentEventHandlers {
  /** The stream is (again) subscribed: what happened while it was not is only in a fresh listing. */
  onOpen(): void;
  onEvent(event: HandoffChange): void;
  /** Lost; `closed` when the browser gave up (the session ended, or the server refused). */
  onError(closed: boolean): void;
}

/** Listens to `/api/agent/events` (Server-Sent Events with the session cookie); returns a stop function. */
export function listenToAgentEvents(handlers: AgentEventHandlers): () => void {
  const source = new EventSource('/api/agent/events');
  source.addEventListener('open', () => handlers.onOpen());
  source.addEventListener('error', () => handlers.onError(source.readyState === EventSource.CLOSED));
  for (const type of ['contact', 'message', 'callback', 'settings', 'canned', 'assignment', 'presence'] as const) {
    source.addEventListener(type, (message) => {
      try {
        handlers.onEvent({ ...(JSON.parse((message as MessageEvent<string>).data) as Omit<HandoffChange, 'type'>), type });
      } catch {
        // A line that is not JSON names nothing to read again.
      }
    });
  }
  return () => source.close();
}
