/** Where a platform fetches a recorded prompt: `<base>/audio/<flowId>/<name>`; undefined without a public base URL. */
export function publicAudioUrl(base: string | undefined, flowId: string, name: string): string | undefined {
  if (!base) return undefined;
  return `${base.replace(/\/+$/, '')}/audio/${encodeURIComponent(flowId)}/${name.split('/').map(encodeURIComponent).join('/')}`;
}
