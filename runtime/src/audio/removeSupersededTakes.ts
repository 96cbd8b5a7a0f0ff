import { audioNamesOf } from '@griot/flows';
import type { Store } from '../store/types.ts';
import type { AudioUsage } from './audioUsage.ts';

/**
 * How long a take nothing names is kept: the designer stores a take before the draft that names
 * it is saved, and an editor may go back to an earlier take (undo, a copy kept by the browser).
 */
export const SUPERSEDED_TAKE_GRACE_MS = 7 * 24 * 60 * 60 * 1000;

/** `fon/welcome-3.wav` → `fon/welcome.wav`: the prompt a numbered take was recorded for. */
export const promptOfTake = (name: string): string => name.replace(/-\d+(\.[A-Za-z0-9]+)$/, '$1');

/**
 * NOT SCHEDULED (no cluster job runs it): it may remove takes still wanted. The grace counts
 * from the upload, not from when the take stopped being named (an undo to a take recorded a
 * month ago finds it gone; restored takes arrive past grace); `promptOfTake` strips any
 * `-<digits>` (`offre-2025.wav` is taken for a take of `offre.wav`); and the check of frozen
 * names and the delete are two steps (a publish freezing between them loses a file).
 * Fix these (an `unnamedSince` kept per file, only the designer's take names, a store delete
 * that refuses frozen names atomically) before scheduling it again.
 *
 * Removes the recorded takes a newer take replaced: files of a prompt (`welcome.wav`,
 * `welcome-2.wav` … ) that neither the draft nor any kept version names, nor a publish froze,
 * uploaded more than `graceMs` ago, while another take of the same prompt is named. A file no
 * take of which is named anywhere (a folder imported ahead of the flow that will use it) stays.
 * What names a file is read again just before removing it, so a draft saved meanwhile keeps it.
 */
export async function removeSupersededTakes(
  store: Pick<Store, 'listFlows' | 'getDraft' | 'audio'>,
  usage: AudioUsage,
  now: Date,
  graceMs = SUPERSEDED_TAKE_GRACE_MS,
): Promise<Array<{ flowId: string; name: string }>> {
  const removed: Array<{ flowId: string; name: string }> = [];
  const before = now.getTime() - graceMs;
  for (const flow of await store.listFlows()) {
    const files = await store.audio.listAudio(flow.id);
    if (files.length === 0) continue;
    const named = async (): Promise<Set<string>> => {
      const [draft, uses, frozen] = await Promise.all([store.getDraft(flow.id), usage(flow.id), store.audio.listFrozenAudio(flow.id)]);
      return new Set([...(draft ? audioNamesOf(draft.document) : []), ...uses.keys(), ...frozen]);
    };
    const superseded = (names: Set<string>) => {
      const prompts = new Set([...names].map(promptOfTake));
      return files.filter((f) => !names.has(f.name) && prompts.has(promptOfTake(f.name)) && Date.parse(f.uploadedAt) < before).map((f) => f.name);
    };
    const candidates = superseded(await named());
    if (candidates.length === 0) continue;
    const stillNamed = await named();
    for (const name of candidates) {
      if (stillNamed.has(name)) continue;
      if (await store.audio.deleteAudio(flow.id, name)) removed.push({ flowId: flow.id, name });
    }
  }
  return removed;
}
