import { describe, expect, it } from 'vitest';
import { readBackup } from './readBackup.ts';

async function* inPieces(text: string | Buffer, size: number) {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

const wav = Buffer.from('RIFF\u0000\u0000\u0000\u0000WAVEfmt ');

describe('readBackup', () => {
  it('reads what JSON.parse reads, however the file is cut into chunks', async () => {
    const dump = {
      format: 'griot-backup',
      formatVersion: 1,
      flows: [
        { id: 'a', name: 'say "[1, 2]", {x} \\ é ü 😀', deep: { deeper: { deepest: [[1, -2.5e3, true, false, null]] } } },
        { id: 'b\\', nested: [[1, 2], { y: ',' }], empty: {}, none: [] },
      ],
      handoff: { contacts: [{ id: 'c', text: 'line\nnext\ttab \u0001' }], messages: [] },
      number: 0,
      nothing: null,
    };
    const texts = [JSON.stringify(dump), JSON.stringify(dump, null, 2), '  {"__proto__":{"polluted":true},"a":[{"__proto__":1}]}\n', '[]', '"x"', '12', '{"a":1,"a":2}'];
    for (const text of texts) {
      for (const size of [1, 2, 3, 7, 64, 100_000]) {
        const read = await readBackup(inPieces(text, size));
        expect(read, `${text} in chunks of ${size}`).toEqual(JSON.parse(text));
      }
    }
    const polluted = (await readBackup(inPieces('{"__proto__":{"polluted":true}}', 1))) as Record<string, unknown>;
    expect(Object.getPrototypeOf(polluted)).toBe(Object.prototype);
    expect(Object.keys(polluted)).toEqual(['__proto__']);
  });

  it('refuses what JSON.parse refuses, saying where', async () => {
    const bad = ['', '{"a":1', '{"a" 1}', '{"a":1}x', '{a:1}', '{"a":[1,]}', '{"a":tru}', '{"a":1,}', '{"a":"\\x"}', '[1 2]', '{"a":[{"b":1}', '{"a":"b', '{"a":01}', '{"a":[{"b":[1,]}]}'];
    for (const text of bad) {
      expect(() => JSON.parse(text), text).toThrow();
      for (const size of [1, 5, 1000]) await expect(readBackup(inPieces(text, size)), `${text} in chunks of ${size}`).rejects.toThrow(/at byte \d+/);
    }
  });

  it('quotes what the file holds without its control characters: a key with an escape sequence cannot reach the terminal', async () => {
    const text = `{"format":"griot-backup","flows":[{"x\\u001b[2J\\u001b]0;owned\\u0007\\u202e":{"a":tru}}]}`;
    const refused = await readBackup(inPieces(text, 7)).catch((error: Error) => error);
    expect(refused).toBeInstanceOf(Error);
    const { message } = refused as Error;
    expect(message).toContain('.flows[0].x\\u001b[2J\\u001b]0;owned\\u0007\\u202e');
    expect(message).not.toMatch(/[\p{Cc}\p{Cf}]/u);
  });

  it('decodes each recorded prompt to bytes as it reads it, and trusts no bytes the file itself carries', async () => {
    const text = JSON.stringify({
      format: 'griot-backup',
      audio: [
        { flowId: 'f', name: 'fon/a.wav', base64: wav.toString('base64') },
        { flowId: 'f', name: 'fon/b.wav', base64: '<script>', content: wav.toString('base64') },
        { flowId: 'f', name: 'fon/c.wav', content: { type: 'Buffer', data: [...wav] } },
      ],
      assets: { audio: [{ path: 'f/fon/d.wav', base64: wav.toString('base64') }] },
    });
    const read = (await readBackup(inPieces(text, 5))) as { audio: Array<Record<string, unknown>>; assets: { audio: Array<Record<string, unknown>> } };
    expect(read.audio[0]).toEqual({ flowId: 'f', name: 'fon/a.wav', base64: '', content: wav });
    expect(Buffer.isBuffer(read.audio[0]!.content)).toBe(true);
    // Not base64: no bytes, and a base64 the restore's checks refuse; the file's own "content" dropped.
    expect(read.audio[1]).toEqual({ flowId: 'f', name: 'fon/b.wav', base64: expect.not.stringMatching(/^[A-Za-z0-9+/]*={0,2}$/) });
    expect(read.audio[2]).toEqual({ flowId: 'f', name: 'fon/c.wav' });
    expect(read.assets.audio[0]).toEqual({ path: 'f/fon/d.wav', base64: '', content: wav });
  });

  it('refuses a single value longer than it keeps as text (a file Griot cannot have written), saying where', async () => {
    const text = JSON.stringify({ format: 'griot-backup', flows: [{ id: 'a' }, { id: 'b', name: 'x'.repeat(2000) }] });
    await expect(readBackup(inPieces(text, 100), { longestValue: 1000 })).rejects.toThrow(/a value of more than 1000 bytes at \.flows\[1\]\.name/);
    await expect(readBackup(inPieces(text, 100), { longestValue: 3000 })).resolves.toEqual(JSON.parse(text));
  });

  it('decodes a prompt as its base64 comes, never holding its text: one longer than the longest value kept as text is read', async () => {
    for (const length of [3000, 3001, 3002]) {
      const bytes = Buffer.alloc(length, 0);
      for (let i = 0; i < length; i += 1) bytes[i] = (i * 37) & 0xff;
      const text = JSON.stringify({ format: 'griot-backup', audio: [{ flowId: 'f', name: 'fon/long.wav', base64: bytes.toString('base64'), bytes: length }] });
      for (const size of [1, 7, 1000]) {
        const read = (await readBackup(inPieces(text, size), { longestValue: 1000 })) as { audio: Array<Record<string, unknown>> };
        expect(read.audio[0], `${length} bytes in chunks of ${size}`).toEqual({ flowId: 'f', name: 'fon/long.wav', base64: '', bytes: length, content: bytes });
      }
    }
    // What is not base64 (an escape, padding inside, a character out of it) gives no bytes, for the checks to refuse.
    const isBase64 = /^[A-Za-z0-9+/]*={0,2}$/;
    for (const base64 of ['QUJD\\u0041', 'QQ==QUJD', 'QUJD!', 'QUJDQ===', 'Q']) {
      const text = `{"audio":[{"name":"fon/a.wav","base64":"${base64}"}]}`;
      const read = (await readBackup(inPieces(text, 3))) as { audio: Array<Record<string, unknown>> };
      expect(read.audio[0]!.content, base64).toBeUndefined();
      expect(read.audio[0]!.base64, base64).not.toMatch(isBase64);
    }
  });

  it('refuses a prompt past the limits the restore would refuse, as it reads it: a hostile endless base64 is not held', async () => {
    let chunks = 0;
    /** A prompt whose base64 never ends (a 2 GB one, say): 1 KiB chunks, stopped by the test past 1,000. */
    async function* endless(): AsyncGenerator<Uint8Array> {
      yield Buffer.from('{"format":"griot-backup","audio":[{"flowId":"f","name":"fon/a.wav","base64":"');
      for (;;) {
        chunks += 1;
        if (chunks > 1000) throw new Error('read on past a prompt the restore refuses');
        yield Buffer.from('QUJD'.repeat(256));
      }
    }
    await expect(readBackup(endless(), { audioLimits: { perPromptBytes: 3000 } })).rejects.toThrow(
      /a recorded prompt of more than 3000 bytes at \.audio\[0\]\.base64: past GRIOT_AUDIO_MAX_MB_PER_FLOW/,
    );
    expect(chunks).toBeLessThan(10);
  });
});
