import { createHash } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { z } from 'zod';
import { detectAudioType, isAudioPath } from '../audio/audioLibrary.ts';
import { type PromptContent, promptBytesOf } from '../store/dumpedAudio.ts';
import { rowPagesOf } from '../store/dumpedPages.ts';
import type { AudioDumpEntry, StoreDump } from '../store/types.ts';
import { MAX_VERSIONS_PER_FLOW } from '../flows/publishDraft.ts';
import { ROLES } from '../auth/roles.ts';

/** An audio prompt as backups before step 12 carried it: its path under DATA_DIR/audio and its bytes. */
export interface AudioAsset {
  path: string;
  base64: string;
  /** The bytes, decoded as the file was read (readBackup); `base64` is then empty. */
  content?: Buffer;
}

/**
 * What `griot backup` writes: the store's dump (recorded audio in it, `audio`). Backups written
 * before the prompts moved into the store carried them beside the dump, in `assets.audio`.
 */
export type BackupFile = StoreDump & { assets?: { audio: AudioAsset[] } };

/** Checks the envelope only; the store checks the records it restores. */
export const BackupEnvelope = z
  .object({
    format: z.literal('griot-backup'),
    formatVersion: z.literal(1),
    /** The schema of the release that wrote it (absent before 2026-12-07); restoreBackup refuses one it does not know. */
    schemaVersion: z.int().positive().optional(),
    createdAt: z.string(),
    assets: z.object({ audio: z.array(z.object({ path: z.string().min(1), base64: z.string() })) }).optional(),
  })
  .loose();

/**
 * A user as this Griot reads one (`User`): a field of another type made the restored server fail
 * at start (`roles: null`), answer 500 to each of the user's requests (a role that does not
 * exist), or grant admin (`roles: "readmin"`, a string whose `includes('admin')` is true). Fields
 * it does not know are kept, as a newer release of the same schema may write them.
 */
const RestoredUser = z
  .object({
    id: z.string().min(1),
    username: z.string().min(1),
    displayName: z.string(),
    passwordHash: z.string().min(1),
    roles: z.array(z.enum(ROLES)),
    createdAt: z.string(),
    disabled: z.boolean(),
    mustChangePassword: z.boolean().optional(),
    queues: z.array(z.string()).optional(),
    sessionsEpoch: z.string().optional(),
  })
  .loose();

/**
 * The backup's users this Griot could not serve, each named (at most 20): not users as it reads
 * them (RestoredUser), or a name another user holds in another case (`Admin` beside `admin`:
 * creating one is refused, sign-in names are exact). Checked before the store is opened.
 */
export function userProblems(dump: StoreDump): string[] {
  const users: unknown[] = Array.isArray(dump.users) ? dump.users : dump.users === undefined ? [] : [dump.users];
  const problems: string[] = [];
  const names = new Map<string, string>();
  for (const [i, user] of users.entries()) {
    const parsed = RestoredUser.safeParse(user);
    const name = JSON.stringify((user as { username?: unknown } | null)?.username ?? `#${i + 1}`).slice(0, 80);
    if (!parsed.success) {
      const where = parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.join('.') || 'the record'}: ${issue.message}`);
      problems.push(`user ${name}: ${where.join('; ')}`);
      continue;
    }
    const folded = parsed.data.username.toLowerCase();
    const other = names.get(folded);
    if (other !== undefined && other !== parsed.data.username) problems.push(`user ${name}: the same name as user ${JSON.stringify(other).slice(0, 80)} but for case`);
    else names.set(folded, parsed.data.username);
  }
  return problems.length > 20 ? [...problems.slice(0, 20), `… and ${problems.length - 20} more users`] : problems;
}

/** The dump a backup file restores: prompts of an older backup's `assets` become the store's audio. */
export function dumpOfBackup(backup: BackupFile): StoreDump {
  const { assets, ...dump } = backup;
  const legacy = (assets?.audio ?? []).map((asset): AudioDumpEntry => {
    const slash = asset.path.indexOf('/');
    const decoded = Buffer.isBuffer(asset.content) ? asset.content : undefined;
    const content = decoded ?? Buffer.from(asset.base64, 'base64');
    return {
      flowId: asset.path.slice(0, slash),
      name: asset.path.slice(slash + 1),
      contentType: detectAudioType(content) ?? 'application/octet-stream',
      bytes: content.length,
      sha256: createHash('sha256').update(content).digest('hex'),
      uploadedAt: backup.createdAt,
      ...(decoded ? { base64: '', content: decoded } : { base64: asset.base64 }),
    };
  });
  return legacy.length > 0 ? { ...dump, audio: [...(dump.audio ?? []), ...legacy] } : dump;
}

const TYPE_OF_EXTENSION: Record<string, string> = { wav: 'audio/wav', mp3: 'audio/mpeg', ogg: 'audio/ogg' };
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Why the backup's recorded prompts cannot be restored, one line per refused entry (empty: all
 * fine). A backup is a file anyone with the machine's disk can edit: each entry must be what an
 * upload would have accepted (the upload's name rule; bytes whose own signature is the audio
 * type the name's extension says, which is the type it is stored and served with) and the
 * bytes the entry declares (size and SHA-256). Otherwise `GET /audio/…` would serve an HTML page
 * with a script as the prompt, on the designer's origin. Checked before the store is written, for
 * both adapters: a refused backup restores nothing.
 */
export function audioProblems(backup: BackupFile): string[] {
  const listed: unknown = backup.audio;
  if (listed !== undefined && !Array.isArray(listed)) return ['audio: not a list of recorded prompts'];
  return (dumpOfBackup(backup).audio ?? []).flatMap((entry: Partial<AudioDumpEntry> | null, index): string[] => {
    const flowId = typeof entry?.flowId === 'string' ? entry.flowId : '';
    const name = typeof entry?.name === 'string' ? entry.name : '';
    const which = `audio entry ${index + 1} (${JSON.stringify(flowId).slice(0, 80)}, ${JSON.stringify(name).slice(0, 160)})`;
    if (!isAudioPath(flowId, name)) return [`${which}: not a flow id and a prompt name an upload accepts (like fon/welcome.wav: letters, digits, - _ . and /, no .., .wav, .mp3 or .ogg)`];
    // Decoded as the file was read (readBackup), else from the entry's base64.
    const content = Buffer.isBuffer(entry?.content) ? entry.content : typeof entry?.base64 === 'string' && BASE64.test(entry.base64) ? Buffer.from(entry.base64, 'base64') : null;
    if (!content || !entry) return [`${which}: its content is not base64`];
    const expected = TYPE_OF_EXTENSION[name.slice(name.lastIndexOf('.') + 1)];
    const detected = detectAudioType(content);
    if (detected !== expected) return [`${which}: its bytes are ${detected ?? 'not audio'}, not the ${expected} its name says`];
    if (entry.contentType !== detected) return [`${which}: declared as ${JSON.stringify(String(entry.contentType)).slice(0, 80)}, but its bytes are ${detected}`];
    if (entry.bytes !== content.length) return [`${which}: declares ${String(entry.bytes)} bytes, holds ${content.length}`];
    if (entry.sha256 !== createHash('sha256').update(content).digest('hex')) return [`${which}: its SHA-256 does not match its content`];
    return [];
  });
}

/** The limits of the Griot a backup is restored into (its configuration: what the server run on the store keeps to). */
export interface RestoreLimits {
  maxFlows: number;
  audioQuota: { perFlowBytes: number; totalBytes: number };
}

const MIB = 1024 * 1024;
const mib = (bytes: number) => Math.ceil(bytes / MIB);

/**
 * What in the backup is past this Griot's limits, one line each, naming the limit and how to
 * raise it (empty: within them). A backup of a bigger instance (or an edited one) would otherwise
 * restore a store the server then keeps past them: more flows than GRIOT_MAX_FLOWS (archived ones
 * included, as a create counts them), more versions in a flow than it ever keeps, more recorded
 * prompts than the quotas an upload is held to (the newest entry of each name, as restored).
 * Checked before the store is opened, as the prompts are: a refused backup restores nothing.
 */
export function limitProblems(dump: StoreDump, limits: RestoreLimits): string[] {
  const problems: string[] = [];
  const flows = Array.isArray(dump.flows) ? dump.flows.length : 0;
  if (flows > limits.maxFlows) {
    problems.push(`${flows} flows (archived ones included), past GRIOT_MAX_FLOWS=${limits.maxFlows}: set GRIOT_MAX_FLOWS=${flows} or more, for this restore and for the servers on this store`);
  }
  const versions = new Map<string, number>();
  for (const version of Array.isArray(dump.versions) ? dump.versions : []) versions.set(String(version?.flowId), (versions.get(String(version?.flowId)) ?? 0) + 1);
  const crowded = [...versions].filter(([, count]) => count > MAX_VERSIONS_PER_FLOW);
  for (const [flowId, count] of crowded.slice(0, 20)) {
    problems.push(
      `flow ${JSON.stringify(flowId).slice(0, 80)}: ${count} versions, past the ${MAX_VERSIONS_PER_FLOW.toLocaleString('en')} a flow keeps (a fixed limit, no setting raises it): this backup was not written by this Griot's release`,
    );
  }
  if (crowded.length > 20) problems.push(`… and ${crowded.length - 20} more flows past ${MAX_VERSIONS_PER_FLOW.toLocaleString('en')} versions`);
  // As restored: the last entry of a name replaces the ones before it.
  const sizes = new Map<string, number>();
  for (const entry of Array.isArray(dump.audio) ? dump.audio : []) sizes.set(`${entry?.flowId}\u0000${entry?.name}`, Number(entry?.bytes) || 0);
  const perFlow = new Map<string, number>();
  let total = 0;
  for (const [key, bytes] of sizes) {
    const flowId = key.slice(0, key.indexOf('\u0000'));
    perFlow.set(flowId, (perFlow.get(flowId) ?? 0) + bytes);
    total += bytes;
  }
  const heavy = [...perFlow].filter(([, bytes]) => bytes > limits.audioQuota.perFlowBytes);
  for (const [flowId, bytes] of heavy.slice(0, 20)) {
    problems.push(
      `flow ${JSON.stringify(flowId).slice(0, 80)}: ${mib(bytes)} MiB of recorded prompts, past GRIOT_AUDIO_MAX_MB_PER_FLOW=${mib(limits.audioQuota.perFlowBytes)}: set GRIOT_AUDIO_MAX_MB_PER_FLOW=${mib(bytes)} or more, for this restore and for the servers on this store`,
    );
  }
  if (heavy.length > 20) problems.push(`… and ${heavy.length - 20} more flows past GRIOT_AUDIO_MAX_MB_PER_FLOW`);
  if (total > limits.audioQuota.totalBytes) {
    problems.push(
      `${mib(total)} MiB of recorded prompts in all, past GRIOT_AUDIO_MAX_MB=${mib(limits.audioQuota.totalBytes)}: set GRIOT_AUDIO_MAX_MB=${mib(total)} or more, for this restore and for the servers on this store`,
    );
  }
  return problems;
}

/** What a backup holds, in one line (the CLI and the scheduled backups say it); `paged`: the rows written of the lists the dump gave a page at a time. */
export function describeBackup(dump: StoreDump, paged: PagedCounts = {}): string {
  const audit = paged.audit ?? dump.audit.length;
  const versions = paged.versions ?? dump.versions.length;
  return (
    `${dump.flows.length} flow(s), ${versions} version(s), ${dump.bindings.length} binding(s), ` +
    `${dump.users.length} user(s), ${audit} audit entries${dump.audio?.length ? `, ${dump.audio.length} audio file(s)` : ''}`
  );
}

/**
 * Writes the backup whole or not at all: into a temporary file beside the target (same file
 * system), flushed to disk, then renamed over it. A crash or a full disk leaves the previous
 * file, never half of one. Only the owner may read it (it holds users' password hashes).
 */
export async function writeBackupFile(file: string, dump: StoreDump): Promise<PagedCounts> {
  const temporary = `${file}.${process.pid}.${Date.now()}.partial`;
  try {
    const handle = await open(temporary, 'w', 0o600);
    let counts: PagedCounts;
    try {
      counts = await writeJsonInPieces(handle, dump);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
    return counts;
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** The rows written of each list a dump gave a page at a time (`audit`, `handoff.messages`…): the dump's own lists are empty. */
export type PagedCounts = Record<string, number>;

/** How much JSON is gathered before it is written and other work gets a turn. */
const PIECE_CHARS = 512 * 1024;
/** A prompt's bytes encoded at a time (a multiple of 3: the slices' base64 joins into the whole's): 512 kB of base64. */
const BASE64_SLICE = 384 * 1024;

/**
 * Writes `value` as `JSON.stringify` would, record by record: the dump's top-level arrays (and
 * those of `handoff`) are never one string, and the server answers other requests (/readyz, the
 * channels) between pieces instead of waiting for the whole store to be serialised.
 */
async function writeJsonInPieces(handle: FileHandle, value: unknown): Promise<PagedCounts> {
  const counts: PagedCounts = {};
  let pieces: string[] = [];
  let size = 0;
  const push = async (text: string) => {
    pieces.push(text);
    size += text.length;
    if (size < PIECE_CHARS) return;
    const out = pieces.join('');
    pieces = [];
    size = 0;
    await handle.write(out);
    await nextTurn();
  };
  const plain = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype && typeof (v as { toJSON?: unknown }).toJSON !== 'function';
  // A recorded prompt of the dump: its bytes read when it comes (from the store's snapshot), their
  // base64 written in slices, each a turn for the server's other work; as JSON.stringify writes it.
  const writePrompt = async (entry: Record<string, unknown>, bytes: PromptContent, separator: string) => {
    await push(`${separator}{`);
    let first = true;
    for (const key of Object.keys(entry)) {
      const name = `${first ? '' : ','}${JSON.stringify(key)}:`;
      if (key === 'base64') {
        const content = await bytes();
        await push(`${name}"`);
        if (Buffer.isBuffer(content)) {
          for (let at = 0; at < content.length; at += BASE64_SLICE) await push(content.toString('base64', at, Math.min(at + BASE64_SLICE, content.length)));
        } else {
          // Read in pieces (MongoDB's chunks): each encoded as it comes, the bytes past a multiple of 3 kept for the next.
          let carry: Buffer = Buffer.alloc(0);
          for await (const piece of content) {
            const joined = carry.length > 0 ? Buffer.concat([carry, piece]) : piece;
            const whole = joined.length - (joined.length % 3);
            if (whole > 0) await push(joined.toString('base64', 0, whole));
            carry = joined.subarray(whole);
          }
          if (carry.length > 0) await push(carry.toString('base64'));
        }
        await push('"');
      } else {
        const text = JSON.stringify(entry[key]);
        if (text === undefined) continue;
        await push(name + text);
      }
      first = false;
    }
    await push('}');
  };
  const write = async (v: unknown, depth: number, path: string): Promise<void> => {
    const pages = depth < 3 ? rowPagesOf(v) : undefined;
    if (pages) {
      // A big table of the dump, read from the store's snapshot a page at a time, each page
      // serialized as it is read and a turn for the server's other work before the next.
      await push('[');
      let first = true;
      let rows = 0;
      for (let page = await pages(); page.length > 0; page = await pages()) {
        for (const row of page) {
          await push((first ? '' : ',') + (JSON.stringify(row) ?? 'null'));
          first = false;
        }
        rows += page.length;
        await nextTurn();
      }
      counts[path] = rows;
      await push(']');
    } else if (depth < 3 && Array.isArray(v)) {
      await push('[');
      for (let i = 0; i < v.length; i++) {
        const bytes = promptBytesOf(v[i]);
        if (bytes) await writePrompt(v[i] as Record<string, unknown>, bytes, i > 0 ? ',' : '');
        else await push((i > 0 ? ',' : '') + (JSON.stringify(v[i]) ?? 'null'));
      }
      await push(']');
    } else if (depth < 2 && plain(v)) {
      await push('{');
      let first = true;
      for (const [key, member] of Object.entries(v)) {
        if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
        await push(`${first ? '' : ','}${JSON.stringify(key)}:`);
        first = false;
        await write(member, depth + 1, path ? `${path}.${key}` : key);
      }
      await push('}');
    } else await push(JSON.stringify(v) ?? 'null');
  };
  await write(value, 0, '');
  if (pieces.length > 0) await handle.write(pieces.join(''));
  return counts;
}
