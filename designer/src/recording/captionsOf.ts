import { stripSsml } from '@griot/flows';

/** `h:mm:ss.ttt`, as WebVTT writes a cue's times. */
function timestamp(seconds: number): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(Math.floor(ms / 3_600_000), 2)}:${pad(Math.floor(ms / 60_000) % 60, 2)}:${pad(Math.floor(ms / 1000) % 60, 2)}.${pad(ms % 1000, 3)}`;
}

/**
 * Captions for a take of a prompt read aloud: one WebVTT cue holding the text that was read, for
 * the whole take, as a `data:` URL for the player's `<track>`. The text is the prompt's (SSML
 * stripped); what WebVTT would read as markup or as the end of a cue is escaped or folded away.
 */
export function captionsOf(text: string, seconds: number): string {
  const cue = stripSsml(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/-->/g, '→')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('\n');
  const vtt = `WEBVTT\n\n${timestamp(0)} --> ${timestamp(seconds)}\n${cue}\n`;
  return `data:text/vtt;charset=utf-8,${encodeURIComponent(vtt)}`;
}
