import type { Effect, JsonValue } from '@griot/flows';
import type { TranscriptTurn } from '../store/types.ts';

/**
 * What was said or written, as a transcript may keep it: the masked rendering of each prompt
 * (`redacted`), never the text the caller heard when it held a sensitive value.
 */
export function promptsForTranscript(effects: Effect[]): string[] {
  const prompts: string[] = [];
  for (const e of effects) {
    if (e.type !== 'say') continue;
    const shown = e.redacted ?? e.text;
    if (shown !== undefined) prompts.push(shown);
    else if (e.audio) prompts.push(`[audio: ${e.audio}]`);
  }
  return prompts;
}

/** One turn of a conversation for the transcript: masked input, masked prompts, path, effect types. */
export function transcriptTurn(options: { at: Date; input: JsonValue; effects: Effect[]; nodes: string[]; durationMs: number }): TranscriptTurn {
  return {
    at: options.at.toISOString(),
    input: options.input,
    prompts: promptsForTranscript(options.effects),
    nodes: [...options.nodes],
    effects: options.effects.map((e) => e.type),
    durationMs: Math.round(options.durationMs * 100) / 100,
  };
}
