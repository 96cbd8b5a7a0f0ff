import { api } from './client.ts';

/**
 * Recorded prompts. The server stores the raw bytes under the flow (`POST
 * /api/flows/:id/audio?name=&locale=`) and serves them at `/audio/:flowId/:name`. A name a
 * published version plays is frozen: the upload asks the server to keep the new take under the
 * next free name instead (`ifInUse=rename`, `welcome-prompt-fon-2.wav`), answered as `name`
 * (with `insteadOf`); the draft points at that name, so callers hear it once the draft is published.
 */
const uploaded = new Set<(flowId: string, name: string) => void>();

export const audioApi = {
  upload: async (flowId: string, name: string, locale: string, file: Blob) => {
    const stored = await api<{ name?: string; insteadOf?: string }>(
      `/api/flows/${encodeURIComponent(flowId)}/audio?name=${encodeURIComponent(name)}&locale=${encodeURIComponent(locale)}&ifInUse=rename`,
      { raw: { data: file, contentType: file.type || 'application/octet-stream' } },
    );
    for (const listener of uploaded) listener(flowId, stored?.name ?? name);
    return stored;
  },
  /** The names (and sizes) the flow's recordings library holds. */
  list: (flowId: string) => api<Array<{ name: string; bytes: number }>>(`/api/flows/${encodeURIComponent(flowId)}/audio`),
  /** Told each file stored by `upload` (under the name the server kept): the checks stop saying it is missing. */
  onUploaded(listener: (flowId: string, name: string) => void): () => void {
    uploaded.add(listener);
    return () => uploaded.delete(listener);
  },
  url: (flowId: string, name: string) => `/audio/${encodeURIComponent(flowId)}/${name.split('/').map(encodeURIComponent).join('/')}`,
};
