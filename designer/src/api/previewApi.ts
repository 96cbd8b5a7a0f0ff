import type { Channel, FlowEvent, TestCase } from '@griot/flows';
import { api } from './client.ts';
import type { PreviewSession, PreviewSource, PreviewTurn, TestNumber } from './types.ts';

export interface StartPreview {
  flowId: string;
  source: PreviewSource;
  channel: Channel;
  callerNumber: string;
  locale?: string;
  /** Answers for look-ups (and the model) by node id, as in test cases. */
  fixtures?: TestCase['fixtures'];
  /** Call the staging systems for look-ups without fixtures: only as a test number (403 `preview_number_not_test` otherwise). */
  useBackend?: boolean;
}

/** The testers' preview sessions: the server runs the flow, the designer shows what it says. */
export const previewApi = {
  start: (request: StartPreview) => api<PreviewSession>('/api/preview/sessions', { body: request }),
  /** The approved test numbers: a preview calls the staging systems only as one of them. */
  testNumbers: () => api<TestNumber[]>('/api/test-numbers'),
  send: (id: string, event: FlowEvent) => api<PreviewTurn>(`/api/preview/sessions/${encodeURIComponent(id)}/events`, { body: { event } }),
};
