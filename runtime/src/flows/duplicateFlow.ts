import { audioNamesOf, isAudioPath, withoutDirectionControls } from '@griot/flows';
import type { Actor, ServiceContext } from '../context.ts';
import { conflict } from '../errors.ts';
import { readFlowDocument } from './readFlowDocument.ts';
import { requireDraft, requireVersion } from './flowQueries.ts';
import { withFlowSlot } from './flowQuota.ts';
import { reserveCopyId } from './reserveCopyId.ts';
import { refuseDirectionControls } from '../refuseDirectionControls.ts';
import type { FlowRecord } from '../store/types.ts';

export interface DuplicateInput {
  /** The version to start from; the draft when absent. */
  version?: number | undefined;
  /** The copy's name; `<source name> (copy)` when absent (without the direction controls a source named before Griot refused them holds). */
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

/** `<id>-copy`, then `<id>-copy2`, `<id>-copy3`…: the ids a copy may take, in order. */
export function* copyIdCandidates(sourceId: string): Generator<string> {
  const base = `${sourceId.slice(0, ID_STEM_LENGTH)}-copy`;
  yield base;
  for (let n = 2; ; n += 1) yield `${base}${n}`;
}

const COPY_SUFFIX = ' (copy)';

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
  const source = input.version === undefined ? await requireDraft(ctx, sourceId) : await requireVersion(ctx, sourceId, input.version);
  // A source name of 200 characters is cut to leave room for « (copy) »: never the source's own name (409). A source named
  // before direction controls were refused gives its copy its name without them: shown as written, never as another.
  const written = withoutDirectionControls(source.document.name);
  const name = (input.name ?? `${written.slice(0, 200 - COPY_SUFFIX.length).trim()}${COPY_SUFFIX}`).trim();
  // A name the caller writes is new: refused with one.
  refuseDirectionControls(name, 'name');
  const flows = await ctx.store.listFlows();
  refuseNamesake(flows, name, sourceId);
  const played = [...audioNamesOf(source.document)].filter((n) => isAudioPath(sourceId, n));
  const held = new Map((await ctx.store.audio.listAudio(sourceId)).map((a) => [a.name, a.bytes]));
  const names = played.filter((n) => held.has(n));
  const bytes = names.reduce((sum, n) => sum + (held.get(n) ?? 0), 0);
  // The id: the first no flow holds (archived ones included) and no other copy is writing to.
  const ids = new Set(flows.map((f) => f.id));
  const reserved = await reserveCopyId(ctx.store.leases, copyIdCandidates(sourceId), (id) => ids.has(id));
  const id = reserved.id;
  try {
    // Refused at once when the recordings cannot fit (409, nothing written) …
    await options.withinAudioQuota(id, bytes, async () => undefined);
    const { document, hash } = readFlowDocument({ ...source.document, id, name });
    const at = ctx.now();
    const copied = await ctx.store.copyFlow(
      { id, name, createdAt: at, createdBy: actor.username, updatedAt: at },
      { flowId: id, revision: 1, document, hash, updatedAt: at, updatedBy: actor.username },
      { from: sourceId, names },
      // … and checked again, with the quotas' locks held, only once the files are written (counted in
      // the sums from then on): uploads and creations elsewhere never wait for a long copy.
      (create) =>
        options.withinAudioQuota(id, 0, () =>
          withFlowSlot(ctx, options.maxFlows, id, async () => {
            refuseNamesake(await ctx.store.listFlows(), name, sourceId);
            return create();
          }),
        ),
    );
    // A flow created with this very id during the copy (not another copy: the id was held).
    if (!copied.ok) throw conflict('copy_id_taken', `a flow with the id ${id} was created during the copy: try again`, { context: { flowId: id }, params: { flowId: id } });
    const version = input.version ?? null;
    await ctx.audit.record({
      actor: actor.username,
      action: 'flow.duplicate',
      target: `flow:${id}`,
      hashAfter: hash,
      // `fromHash`: the source's document as it was copied (the draft moves on; a version's never changes).
      details: { name, from: sourceId, version, fromHash: source.hash, recordings: copied.recordings.length },
    });
    const missing = [...audioNamesOf(document)].filter((n) => !copied.recordings.includes(n));
    return { flow: { id, name }, from: { flowId: sourceId, version }, recordings: copied.recordings.length, missing };
  } finally {
    await reserved.release();
  }
}

/** 409 `flow_name_taken` when a listed flow bears `name`: two copies are told apart in the list. */
function refuseNamesake(flows: readonly FlowRecord[], name: string, sourceId: string): void {
  const namesake = flows.find((f) => !f.archivedAt && sameName(f.name, name));
  if (!namesake) return;
  throw conflict('flow_name_taken', `the flow ${namesake.id} is already named ${namesake.name}: choose another name for the copy`, {
    field: 'name',
    context: { flowId: sourceId },
    params: { name: namesake.name, flowId: namesake.id },
  });
}
