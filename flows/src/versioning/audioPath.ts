/** `fon/welcome.wav`: folders and a file name, no `..`, a known audio extension (what an upload accepts). */
export const AUDIO_NAME = /^(?:[A-Za-z0-9_-]+\/){0,4}[A-Za-z0-9_-][A-Za-z0-9_.-]{0,100}\.(wav|mp3|ogg)$/;
/** A flow id as recordings are kept under it. */
export const AUDIO_FLOW_ID = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/**
 * Whether a flow id and a name can name a recorded prompt at all: the server's rule for uploads and
 * `/audio/<flowId>/<name>`, and the editor's before it fetches one a pasted node names (a crafted
 * clipboard's `../../api/users` is not a recording, and is not fetched).
 */
export function isAudioPath(flowId: string, name: string): boolean {
  return AUDIO_FLOW_ID.test(flowId) && AUDIO_NAME.test(name) && !name.includes('..');
}
