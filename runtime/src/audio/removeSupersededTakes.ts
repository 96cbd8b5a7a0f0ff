import { audioNamesOf } from '@griot/flows';
import type { AuditLog } from '../audit/auditLog.ts';
import type { Store, StoredAudio } from '../store/types.ts';
import type { AudioUsage } from './audioUsage.ts';

/**
 * How long a take nothing names is kept, counted from when the clean-up first found it unnamed:
 * the designer stores a take before the draft that names it is saved, and an editor may go back
 * to an earlier take (undo, a copy of the draft kept by the browser).
 */
export const SUPERSEDED_TAKE_GRACE_MS = 7 * 24 * 60 * 60 * 1000;

/** The most numbered takes of one prompt an upload tries (`AudioLibrary`'s `-2` … `-999`). */
const TAKE_NUMBER = /^-([2-9]|[1-9]\d{1,2})$/;

/**
 * Whether the file is a take the designer kept under a numbered name: marked by the upload as a
 * take of a prompt (`takeOf`, set only when `ifInUse=rename` moved it off the prompt's name), and
 * named as that prompt with its number (`fon/welcome-3.wav` for `fon/welcome.wav`). A file
 * uploaded or imported under its own name carries no mark, whatever its name looks like.
 */
export function isDesignerTake(audio: Pick<StoredAudio, 'name' | 'takeOf'>): boolean {
  const prompt = audio.takeOf;
  if (!prompt) return false;
  const dot = prompt.lastIndexOf('.');
  if (dot <= 0) return false;
  const [stem, extension] = [prompt.slice(0, dot), prompt.slice(dot)];
  if (!audio.name.startsWith(stem) || !audio.name.endsWith(extension)) return false;
  return TAKE_NUMBER.test(audio.name.slice(stem.length, audio.name.length - extension.length));
}

/**
 * Removes the recorded takes a newer take replaced: a designer's numbered take (`isDesignerTake`)
 * that neither the draft, nor any version (staging, production, or an older one a rollback may
 * return to), nor a publish's freeze names, and that nothing has named for `graceMs`.
 *
 * Since when a file is unnamed is kept in the store (`noteUnnamedAudio`, each run), so a restart
 * neither resets nor skips the grace; a file named again, or uploaded again under its name,
 * starts it over. What names a file is read again just before removing it (a draft saved
 * meanwhile keeps it), and the store removes it only if no publish froze its name and it is still
 * noted unnamed since before the grace, in one step: a publish freezing the name at that moment
 * wins. Idempotent: two instances running it at once remove each file once, and neither fails.
 */
export async function removeSupersededTakes(
  store: Pick<Store, 'listFlows' | 'getDraft' | 'audio'>,
  usage: AudioUsage,
  now: Date,
  graceMs = SUPERSEDED_TAKE_GRACE_MS,
  audit?: Pick<AuditLog, 'record'>,
): Promise<Array<{ flowId: string; name: string }>> {
  const removed: Array<{ flowId: string; name: string }> = [];
  const unnamedSince = new Date(now.getTime() - graceMs).toISOString();
  for (const flow of await store.listFlows()) {
    const files = await store.audio.listAudio(flow.id);
    if (files.length === 0) continue;
    const named = async (): Promise<Set<string>> => {
      const [draft, uses, frozen] = await Promise.all([store.getDraft(flow.id), usage(flow.id), store.audio.listFrozenAudio(flow.id)]);
      return new Set([...(draft ? audioNamesOf(draft.document) : []), ...uses.keys(), ...frozen]);
    };
    const names = await named();
    const unnamed = files.filter((f) => !names.has(f.name));
    await store.audio.noteUnnamedAudio(
      flow.id,
      unnamed.map((f) => f.name),
      now.toISOString(),
    );
    // Past the grace by the note read before this run's (a file just noted starts its grace now).
    const candidates = unnamed.filter((f) => isDesignerTake(f) && f.unnamedSince !== undefined && f.unnamedSince <= unnamedSince).map((f) => f.name);
    if (candidates.length === 0) continue;
    const stillNamed = await named();
    for (const name of candidates) {
      if (stillNamed.has(name)) continue;
      if (!(await store.audio.deleteAudio(flow.id, name, { unlessFrozen: true, unnamedSince }))) continue;
      removed.push({ flowId: flow.id, name });
      await audit?.record({ actor: 'retention', action: 'audio.delete', target: `flow:${flow.id}`, details: { name, reason: 'supersededTake', graceDays: graceMs / 86_400_000 } });
    }
  }
  return removed;
}
