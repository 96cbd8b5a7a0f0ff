import { flowsApi } from '../api/flowsApi.ts';
import { ApiError } from '../api/client.ts';

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
