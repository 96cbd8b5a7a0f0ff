import type { Channel, FlowEvent, TestCase } from '@griot/flows';
import { api } from './client.ts';
import type { PreviewSession, PreviewSource, PreviewTurn } from './types.ts';

export interface StartPreview {
  flowId: string;
  source: PreviewSource;
  channel: Channel;
  callerNumber: string;
  locale?: string;
  /** Answers for look-ups (and the model) by node id, as in test cases. */
  fixtures?: TestCase['fixtures'];
  useBackend?: boolean;
}

/** The testers' preview sessions: the server runs the flow, the designer shows what it says. */
export const previewApi = {
  start: (request: StartPreview) => api<PreviewSession>('/api/preview/sessions', { body: request }),
  send: (id: string, event: FlowEvent) => api<PreviewTurn>(`/api/preview/sessions/${encodeURIComponent(id)}/events`, { body: { event } }),
};
