import { audioNamesOf } from '@griot/flows';
import { flowsApi } from '../api/flowsApi.ts';
import { ApiError } from '../api/client.ts';
import type { FlowSummary } from '../api/types.ts';
import { uniqueId } from '../store/uniqueId.ts';
import { copyRecordings, serverCopier, type RecordingCopier } from '../canvas/pasteRecordings.ts';

/**
 * Copies a flow's draft under a new id and name, with the recordings its prompts play (a Fon prompt
 * has no text-to-speech to fall back on: without them the copy could not reach production until
 * each was recorded again). Tests come along (they are in the document); bindings and their tester
 * numbers do not (they are the lines', and the copy has no version yet). `failed`: the recordings
 * that could not be copied, the copy's prompts still naming them.
 */
export async function duplicateFlow(flow: FlowSummary, takenIds: string[], suffix: string, copier: RecordingCopier = serverCopier): Promise<{ id: string; recordings: number; failed: string[] }> {
  const draft = await flowsApi.draft(flow.id);
  // The list names the flows in use; an archived one (restorable, not listed) or one a colleague
  // made meanwhile holds its id too: the server's 409 moves the copy on to the next free id.
  const taken = new Set(takenIds);
  let document = { ...draft.document, id: uniqueId(`${flow.id}-copy`, taken), name: `${flow.name} (${suffix})`.slice(0, 200) };
  for (let attempt = 1; ; attempt += 1) {
    try {
      await flowsApi.create(document);
      break;
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 409 && (e.code === 'flow_exists' || e.code === 'flow_archived')) || attempt >= 20) throw e;
      taken.add(document.id);
      document = { ...document, id: uniqueId(`${flow.id}-copy`, taken) };
    }
  }
  const id = document.id;
  // From here the copy exists: a failure (the network lost half-way) is said as the recordings it
  // lacks, with its id, never as « duplication failed », which a second click would turn into a second copy.
  const wanted = [...audioNamesOf({ nodes: document.nodes })];
  let failed: string[];
  try {
    const copied = await copyRecordings(flow.id, id, document.nodes, [], copier);
    failed = copied.failed;
    // An empty library keeps every name; a name the server kept under another is saved in the copy's draft.
    if (JSON.stringify(copied.nodes) !== JSON.stringify(document.nodes)) {
      const created = await flowsApi.draft(id);
      await flowsApi.saveDraft(id, created.revision, { ...created.document, nodes: copied.nodes });
    }
  } catch {
    failed = wanted;
  }
  return { id, recordings: wanted.length - failed.length, failed };
}

/**
 * Imports a file: a Griot export (`format: "griot-flow"`, with versions) or a bare flow
 * document. When the id exists, `confirmReplace` decides whether an export replaces the draft.
 */
export async function importFlowFile(file: Blob, confirmReplace: (id: string) => Promise<boolean>): Promise<string | null> {
  const data = JSON.parse(await file.text()) as Record<string, unknown>;
  const isExport = data.format === 'griot-flow';
  const id = String(isExport ? ((data.flow as { id?: string } | undefined)?.id ?? '') : (data.id ?? ''));
  try {
    if (isExport) await flowsApi.importFlow(data);
    else await flowsApi.create(data);
    return id;
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 409)) throw e;
    if (!isExport) throw new Error(`${id}: ${e.message}`);
    if (!(await confirmReplace(id))) return null;
    await flowsApi.importFlow(data, true);
    return id;
  }
}

export function downloadJson(fileName: string, data: unknown): void {
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
