import { audioNamesOf, isAudioPath, type Flow } from '@griot/flows';
import type { Actor, ServiceContext } from '../context.ts';
import { conflict } from '../errors.ts';
import { readFlowDocument } from './readFlowDocument.ts';
import { requireDraft, requireVersion } from './flowQueries.ts';
import { withFlowSlot } from './flowQuota.ts';

export interface DuplicateInput {
  /** The version to start from; the draft when absent. */
  version?: number | undefined;
  /** The copy's name; `<source name> (copy)` when absent. */
  name?: string | undefined;
}

export interface DuplicateResult {
  flow: { id: string; name: string };
  from: { flowId: string; version: number | null };
  /** The recordings copied with it: the names its prompts play that the source held. */
  recordings: number;
  /** Names its prompts play that the source held no file for (the copy's lint says so too, as the source's did). */
  missing: string[];
}

export interface DuplicateOptions {
  maxFlows: number;
  /** Runs the copy within the recorded prompts' quotas (AudioLibrary.withinQuota): 409 `audio_quota_full` / `audio_flow_quota_full` before anything is written. */
  withinAudioQuota: <T>(flowId: string, bytes: number, write: () => Promise<T>) => Promise<T>;
}

/** Flow ids are at most 64 characters (AUDIO_FLOW_ID): room is kept for `-copy` and a number. */
const ID_STEM_LENGTH = 52;

/** `<id>-copy`, then `<id>-copy2`, `<id>-copy3`…: the first id no flow holds, archived ones included. */
export function freeCopyId(sourceId: string, taken: ReadonlySet<string>): string {
  const base = `${sourceId.slice(0, ID_STEM_LENGTH)}-copy`;
  if (!taken.has(base)) return base;
  for (let n = 2; ; n += 1) if (!taken.has(`${base}${n}`)) return `${base}${n}`;
}

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * « Dupliquer »: a new flow from a flow's draft or one of its versions, with the recordings its
 * prompts play (a Fon prompt has no text-to-speech to fall back on) and its test cases (in the
 * document); never its versions, environments, bindings or tester numbers (the copy has published
 * nothing and no line routes to it). The flow, its draft and the recordings are written as one
 * unit by the store (`copyFlow`): a process dying mid-copy leaves no flow. The source is read as
 * any read is (404 for an unknown or archived flow or version); the copy's name must not be one
 * another listed flow already bears (409 `flow_name_taken`), so two copies are told apart in the list.
 */
export async function duplicateFlow(ctx: ServiceContext, actor: Actor, sourceId: string, input: DuplicateInput, options: DuplicateOptions): Promise<DuplicateResult> {
  const source: Flow = input.version === undefined ? (await requireDraft(ctx, sourceId)).document : (await requireVersion(ctx, sourceId, input.version)).document;
  const flows = await ctx.store.listFlows();
  const name = (input.name ?? `${source.name} (copy)`).trim().slice(0, 200);
  const namesake = flows.find((f) => !f.archivedAt && sameName(f.name, name));
  if (namesake) {
    throw conflict('flow_name_taken', `the flow ${namesake.id} is already named ${namesake.name}: choose another name for the copy`, {
      field: 'name',
      context: { flowId: sourceId },
      params: { name: namesake.name, flowId: namesake.id },
    });
  }
  const id = freeCopyId(sourceId, new Set(flows.map((f) => f.id)));
  const { document, hash } = readFlowDocument({ ...source, id, name });
  const played = [...audioNamesOf(document)].filter((n) => isAudioPath(sourceId, n));
  const held = new Map((await ctx.store.audio.listAudio(sourceId)).map((a) => [a.name, a.bytes]));
  const names = played.filter((n) => held.has(n));
  const bytes = names.reduce((sum, n) => sum + (held.get(n) ?? 0), 0);
  const at = ctx.now();
  const copied = await options.withinAudioQuota(id, bytes, () =>
    withFlowSlot(ctx, options.maxFlows, id, () =>
      ctx.store.copyFlow(
        { id, name, createdAt: at, createdBy: actor.username, updatedAt: at },
        { flowId: id, revision: 1, document, hash, updatedAt: at, updatedBy: actor.username },
        { from: sourceId, names },
      ),
    ),
  );
  // Another copy took the id between the listing and the write: said as it is, the next click picks the next id.
  if (!copied.ok) throw conflict('copy_id_taken', `a flow with the id ${id} was created during the copy: try again`, { context: { flowId: id }, params: { flowId: id } });
  const version = input.version ?? null;
  await ctx.audit.record({
    actor: actor.username,
    action: 'flow.duplicate',
    target: `flow:${id}`,
    hashAfter: hash,
    details: { name, from: sourceId, version, recordings: copied.recordings.length },
  });
  const missing = [...audioNamesOf(document)].filter((n) => !copied.recordings.includes(n));
  return { flow: { id, name }, from: { flowId: sourceId, version }, recordings: copied.recordings.length, missing };
}
