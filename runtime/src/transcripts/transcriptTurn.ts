import { channelCapabilities, languageMenuRecordings, MAX_VALUE_CHARS, type Channel, type Effect, type JsonValue } from '@griot/flows';
import type { TranscriptLookup, TranscriptTurn } from '../store/types.ts';
import type { LookupReport } from '../conversations/turnState.ts';
import { lookupOutcome } from '../webhooks/lookupFailure.ts';

/**
 * The most a transcript keeps of one turn's prompts: a value at its largest (64 Ki characters).
 * A turn's prompts are a few hundred characters; past this, the rest is cut with a note saying how
 * much, so that no flow can make a transcript grow by megabytes a turn.
 */
export const MAX_TRANSCRIPT_PROMPT_CHARS = MAX_VALUE_CHARS;

/**
 * What was said or written, as a transcript may keep it: the masked rendering of each prompt
 * (`redacted`), never the text the caller heard when it held a sensitive value. On a written
 * channel (`channel`), only what was sent: not a language menu's recordings (a web chat visitor
 * got its buttons, not a Fon voice note).
 */
export function promptsForTranscript(effects: Effect[], channel?: Channel): string[] {
  const prompts: string[] = [];
  const unsent = channel !== undefined && !channelCapabilities[channel].spoken ? languageMenuRecordings(effects) : undefined;
  for (const e of effects) {
    if (e.type !== 'say' || unsent?.has(e)) continue;
    const shown = e.redacted ?? e.text;
    if (shown !== undefined) prompts.push(shown);
    else if (e.audio) prompts.push(`[audio: ${e.audio}]`);
  }
  return prompts;
}

/** The prompts cut to `MAX_TRANSCRIPT_PROMPT_CHARS` in all, and how many characters were left out. */
export function boundedPrompts(prompts: string[]): { prompts: string[]; cut: number } {
  let room = MAX_TRANSCRIPT_PROMPT_CHARS;
  let cut = 0;
  const kept: string[] = [];
  for (const p of prompts) {
    if (p.length <= room) {
      kept.push(p);
      room -= p.length;
    } else {
      if (room > 0) kept.push(p.slice(0, room));
      cut += p.length - Math.max(room, 0);
      room = 0;
    }
  }
  if (cut > 0) kept.push(`[${cut} more characters not kept]`);
  return { prompts: kept, cut };
}

/**
 * One turn of a conversation for the transcript: masked input, masked prompts (at most
 * `MAX_TRANSCRIPT_PROMPT_CHARS`; `onCut` hears how much more there was), path, effect types.
 */
export function transcriptTurn(options: {
  at: Date;
  input: JsonValue;
  effects: Effect[];
  nodes: string[];
  durationMs: number;
  lookups?: readonly LookupReport[];
  onCut?: (chars: number) => void;
  /** The contact's channel: a written one keeps only what it sent. */
  channel?: Channel;
}): TranscriptTurn {
  const { prompts, cut } = boundedPrompts(promptsForTranscript(options.effects, options.channel));
  if (cut > 0) options.onCut?.(cut);
  return {
    at: options.at.toISOString(),
    input: options.input,
    prompts,
    nodes: [...options.nodes],
    effects: options.effects.map((e) => e.type),
    durationMs: Math.round(options.durationMs * 100) / 100,
    ...(options.lookups?.length ? { lookups: options.lookups.map(transcriptLookup) } : {}),
  };
}

/**
 * A look-up as the transcript shows it: ok (an answer in 2xx, a classification), notFound (a status
 * the node reads as « not found »: the subscriber is unknown to the operator's system), misconfigured
 * (not sent: Griot's own configuration, the cause says what, not the operator's system) or error
 * with its cause.
 */
function transcriptLookup(report: LookupReport): TranscriptLookup {
  const answered = report.cause === undefined && (report.outcome === 'response' || report.outcome === 'ok');
  const cause = report.cause ?? (answered ? undefined : report.outcome);
  const outcome = !answered ? (lookupOutcome(report) === 'misconfigured' ? 'misconfigured' : 'error') : report.notFound ? 'notFound' : 'ok';
  return { node: report.node, backend: report.backend, outcome, ...(cause ? { cause } : {}), ms: Math.round(report.ms) };
}
