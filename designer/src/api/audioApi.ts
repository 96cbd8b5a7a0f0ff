import { api } from './client.ts';

/**
 * Recorded prompts. The server stores the raw bytes under the flow (`POST
 * /api/flows/:id/audio?name=&locale=`) and serves them at `/audio/:flowId/:name`.
 */
export const audioApi = {
  upload: (flowId: string, name: string, locale: string, file: Blob) =>
    api<{ name?: string }>(`/api/flows/${encodeURIComponent(flowId)}/audio?name=${encodeURIComponent(name)}&locale=${encodeURIComponent(locale)}`, {
      raw: { data: file, contentType: file.type || 'application/octet-stream' },
    }),
  url: (flowId: string, name: string) => `/audio/${encodeURIComponent(flowId)}/${name.split('/').map(encodeURIComponent).join('/')}`,
};
