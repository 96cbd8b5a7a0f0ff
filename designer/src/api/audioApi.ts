import { api } from './client.ts';

/**
 * Recorded prompts. The server stores the raw bytes under the flow (`POST
 * /api/flows/:id/audio?name=&locale=`) and serves them at `/audio/:flowId/:name`. A name a
 * published version plays is frozen: the upload asks the server to keep the new take under the
 * next free name instead (`ifInUse=rename`, `welcome-prompt-fon-2.wav`), answered as `name`
 * (with `insteadOf`); the draft points at that name, so callers hear it once the draft is published.
 */
export const audioApi = {
  upload: (flowId: string, name: string, locale: string, file: Blob) =>
    api<{ name?: string; insteadOf?: string }>(`/api/flows/${encodeURIComponent(flowId)}/audio?name=${encodeURIComponent(name)}&locale=${encodeURIComponent(locale)}&ifInUse=rename`, {
      raw: { data: file, contentType: file.type || 'application/octet-stream' },
    }),
  url: (flowId: string, name: string) => `/audio/${encodeURIComponent(flowId)}/${name.split('/').map(encodeURIComponent).join('/')}`,
};
