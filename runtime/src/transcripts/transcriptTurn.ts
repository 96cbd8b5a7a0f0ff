import type { Effect, JsonValue } from '@griot/flows';
import type { TranscriptTurn } from '../store/types.ts';

/**
 * What was said or written, as a transcript may keep it: the masked rendering of each prompt
 * (`redacted`), never the text the caller heard when it held a sensitive value.
 */
export function promptsForTranscript(effects: Effect[]): string[] {
  return effects.flatMap((e) => {
    if (e.type !== 'say') return [];
    const shown = e.redacted ?? e.text;
    if (shown !== undefined) return [shown];
    return e.audio ? [`[audio: ${e.audio}]`] : [];
  });
}

/** One turn of a conversation for the transcript: masked input, masked prompts, path, effect types. */
export function transcriptTurn(options: {
  at: Date;
  input: JsonValue;
  effects: Effect[];
  nodes: string[];
  durationMs: number;
}): TranscriptTurn {
  return {
    at: options.at.toISOString(),
    input: options.input,
    prompts: promptsForTranscript(options.effects),
    nodes: [...options.nodes],
    effects: options.effects.map((e) => e.type),
    durationMs: Math.round(options.durationMs * 100) / 100,
  };
}
