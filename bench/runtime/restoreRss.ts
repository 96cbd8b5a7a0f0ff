/**
 * What `griot restore` holds (rec32, item 2): a SQLite store with one recorded prompt of
 * PROMPT_MIB (default 200) MiB and TRANSCRIPTS (default 100,000) transcripts of one short turn,
 * backed up with `griot backup`'s code, then restored into an empty DATA_DIR by `restoreCommand`
 * in a child process of its own, whose peak RSS (`process.resourceUsage().maxRSS`) is printed
 * beside the backup file's size; the same for an empty store's backup (the floor: Node, tsx and
 * the runtime's code). Run from runtime/: `npx tsx ../bench/runtime/restoreRss.ts`
 * (`KEEP=1` keeps the files; `CASES=empty,prompt,transcripts,both` runs only those).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { backupCommand } from '../../runtime/src/cli/backupCommand.ts';
import { SqliteStore } from '../../runtime/src/store/sqlite/SqliteStore.ts';

const PROMPT_BYTES = Number(process.env.PROMPT_MIB ?? 200) * 1024 * 1024;
const TRANSCRIPTS = Number(process.env.TRANSCRIPTS ?? 100_000);
const MIB = 1024 * 1024;

/** A mono 16-bit PCM WAV at 8 kHz of `bytes` in all (a slow sweep: not all zeros). */
function wav(bytes: number): Buffer {
  const body = Buffer.alloc(bytes);
  body.write('RIFF', 0, 'latin1');
  body.writeUInt32LE(bytes - 8, 4);
  body.write('WAVEfmt ', 8, 'latin1');
  body.writeUInt32LE(16, 16);
  body.writeUInt16LE(1, 20);
  body.writeUInt16LE(1, 22);
  body.writeUInt32LE(8000, 24);
  body.writeUInt32LE(16000, 28);
  body.writeUInt16LE(2, 32);
  body.writeUInt16LE(16, 34);
  body.write('data', 36, 'latin1');
  body.writeUInt32LE(bytes - 44, 40);
  for (let i = 44; i + 1 < bytes; i += 2) body.writeInt16LE(Math.round(8000 * Math.sin(i / 40)), i);
  return body;
}

async function sourceStore(dir: string, prompt: boolean, transcripts: number): Promise<void> {
  const store = new SqliteStore(join(dir, 'griot.db'));
  try {
    if (prompt) {
      const body = wav(PROMPT_BYTES);
      await store.audio.putAudio({ flowId: 'hotline', name: 'fon/long.wav', contentType: 'audio/wav', bytes: body.length, uploadedAt: new Date().toISOString() }, body);
    }
    const writes: Promise<void>[] = [];
    for (let i = 0; i < transcripts; i += 1) {
      const at = new Date(Date.UTC(2026, 11, 1) + i * 1000).toISOString();
      writes.push(
        store.startTranscript({
          sessionKey: `voice:call-${i}`,
          flowId: 'hotline',
          flowVersion: 1,
          channel: 'voice',
          callerNumber: `+2290197${String(i).padStart(6, '0')}`,
          preview: false,
          startedAt: at,
          endedAt: at,
          endReason: 'completed',
          turns: [{ at, input: { type: 'digits', digits: '1' }, prompts: ['Bienvenue sur le 1919.'], nodes: ['welcome', 'menu'], effects: ['say', 'ask'], durationMs: 3 }],
        }),
      );
      if (writes.length === 5_000) await Promise.all(writes.splice(0));
    }
    await Promise.all(writes);
  } finally {
    await store.close();
  }
}

function restoreInChild(file: string, dataDir: string): { code: number; maxRssMiB: number; ms: number } {
  const script = `const { restoreCommand } = await import(${JSON.stringify(new URL('../../runtime/src/cli/restoreCommand.ts', import.meta.url).pathname)});
const started = performance.now();
const log = console.log; console.log = () => {};
const code = await restoreCommand(${JSON.stringify(file)}, { DATA_DIR: ${JSON.stringify(dataDir)} });
log(JSON.stringify({ code, maxRssMiB: Math.round(process.resourceUsage().maxRSS / 102.4) / 10, ms: Math.round(performance.now() - started) }));`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

const root = mkdtempSync(join(tmpdir(), 'griot-restoreRss-'));
try {
  const cases = [
    { name: 'empty', prompt: false, transcripts: 0 },
    { name: `${PROMPT_BYTES / MIB} MiB prompt`, prompt: true, transcripts: 0 },
    { name: `${TRANSCRIPTS} transcripts`, prompt: false, transcripts: TRANSCRIPTS },
    { name: 'both', prompt: true, transcripts: TRANSCRIPTS },
  ];
  const only = process.env.CASES?.split(',');
  for (const c of only ? cases.filter((k) => only.includes(k.name.split(' ').at(-1)!)) : cases) {
    const source = join(root, `source-${cases.indexOf(c)}`);
    mkdirSync(source, { recursive: true });
    await sourceStore(source, c.prompt, c.transcripts);
    const file = join(root, `backup-${cases.indexOf(c)}.json`);
    const log = console.log;
    console.log = () => {};
    const code = await backupCommand(file, {}, { DATA_DIR: source });
    console.log = log;
    if (code !== 0) throw new Error(`backup exited ${code}`);
    const result = restoreInChild(file, join(root, `target-${cases.indexOf(c)}`));
    console.log(JSON.stringify({ case: c.name, fileMiB: Math.round((statSync(file).size / MIB) * 10) / 10, ...result, load: loadavg()[0]!.toFixed(1) }));
    if (!process.env.KEEP) rmSync(source, { recursive: true, force: true });
  }
} finally {
  if (!process.env.KEEP) rmSync(root, { recursive: true, force: true });
  else console.log(`kept in ${root}`);
}
