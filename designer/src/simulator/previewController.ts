import type { Channel, FlowEvent } from '@griot/flows';
import { previewApi } from '../api/previewApi.ts';
import type { PreviewTurn } from '../api/types.ts';
import { canvasStore } from '../canvas/canvasStore.ts';
import { documentStore } from '../store/documentStore.ts';
import { saveDraft } from '../versions/draftSaver.ts';
import { refreshEnvironments } from '../versions/versionsStore.ts';
import { simulatorStore, type SimulatorTurn } from './simulatorStore.ts';

/** Where the contact is after a turn: the node it waits at, else the last node it entered. */
function positionOf(turn: PreviewTurn): string | null {
  return turn.state.wait?.node ?? turn.state.path[turn.state.path.length - 1] ?? null;
}

function record(event: FlowEvent, turn: PreviewTurn, shown?: string): void {
  const entry: SimulatorTurn = {
    event,
    ...(shown !== undefined ? { shown } : {}),
    effects: turn.effects,
    issues: turn.issues,
    lookups: turn.lookups ?? [],
    ...(turn.understanding?.length ? { understanding: turn.understanding } : {}),
    at: positionOf(turn),
    ended: turn.state.status === 'ended',
  };
  const turns = [...simulatorStore.getState().turns, entry];
  simulatorStore.setState({ turns, state: turn.state, busy: false, error: null });
  // The path walked so far lights up on the canvas; the current node stands out.
  const previous = canvasStore.getState().simulation;
  const nodes = new Set(previous?.nodes ?? []);
  for (const id of turn.trace.nodes) nodes.add(id);
  const edges = new Set(previous?.edges ?? []);
  for (const id of turn.trace.edges) edges.add(id);
  canvasStore.getState().setSimulation({ current: entry.at, nodes, edges });
}

/** Starts a preview session on the server with the simulator's settings. */
export async function startPreview(): Promise<void> {
  const { settings } = simulatorStore.getState();
  const { flowId, doc } = documentStore.getState();
  if (!flowId || !doc) return;
  simulatorStore.setState({ busy: true, error: null, turns: [], state: null, sessionId: null });
  canvasStore.getState().setSimulation({ current: null, nodes: new Set(), edges: new Set() });
  // The line under « Version » names what staging or production runs: read again at each call, a promotion made elsewhere meanwhile shows.
  if (settings.source === 'staging' || settings.source === 'production') void refreshEnvironments(flowId);
  try {
    if (settings.source === 'draft') {
      // The server previews the saved draft: save what is on screen first.
      const saved = await saveDraft();
      if (saved.status !== 'saved' && saved.status !== 'unchanged') throw new Error(saved.status === 'failed' ? saved.message : saved.status);
    }
    const backend = settings.backend;
    const fixtures = backend.kind === 'fixtures' ? (doc.tests[backend.testCase]?.fixtures ?? {}) : {};
    const session = await previewApi.start({
      flowId,
      source: settings.source,
      channel: settings.channel,
      callerNumber: settings.callerNumber,
      ...(settings.locale ? { locale: settings.locale } : {}),
      ...(backend.kind === 'fixtures' ? { fixtures } : {}),
      ...(backend.kind === 'staging' ? { useBackend: true } : {}),
    });
    simulatorStore.setState({ sessionId: session.id, fixtures });
    record({ type: 'start' }, session);
  } catch (e) {
    simulatorStore.setState({ busy: false, error: (e as Error).message });
  }
}

/**
 * Changes the simulated channel. A running session belongs to the channel it started on (the
 * server renders every turn for it): it is hung up and a new one starts on the new channel,
 * rather than re-drawing the old conversation as if it had happened there.
 */
export async function switchChannel(channel: Channel): Promise<boolean> {
  const { settings, sessionId } = simulatorStore.getState();
  if (settings.channel === channel) return false;
  simulatorStore.getState().updateSettings({ channel });
  if (!sessionId) return false;
  void previewApi.send(sessionId, { type: 'hangup' }).catch(() => {});
  await startPreview();
  return true;
}

/** Sends what the caller did (a key, words, a button, silence, hanging up). */
export async function sendToPreview(event: FlowEvent, shown?: string): Promise<void> {
  const { sessionId, busy } = simulatorStore.getState();
  if (!sessionId || busy) return;
  simulatorStore.setState({ busy: true, error: null });
  try {
    record(event, await previewApi.send(sessionId, event), shown);
  } catch (e) {
    simulatorStore.setState({ busy: false, error: (e as Error).message });
  }
}

export function stopPreview(): void {
  simulatorStore.setState({ sessionId: null, turns: [], state: null, error: null, busy: false });
  canvasStore.getState().setSimulation(null);
}
