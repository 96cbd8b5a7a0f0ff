import { constants } from 'node:buffer';
import { createReadStream } from 'node:fs';

/** Control and format characters (an escape sequence, a right-to-left override) of what the file holds. */
const UNPRINTABLE = /[\p{Cc}\p{Cf}]/gu;

/**
 * `text` with its control and format characters written as `\u001b`, for a message quoting a
 * backup file to the admin's terminal (C0 and C1 controls, a right-to-left override): what the
 * file holds can't clear, recolour or retitle it. Newlines are the message's own: keep them out of `text`.
 */
export const printable = (text: string): string => text.replace(UNPRINTABLE, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`);

/**
 * Why a backup file could not be read as JSON (where, in bytes from its start). What it quotes of
 * the file (a key on the way, the text JSON.parse refused) has its control characters written as
 * `\u001b`: `griot restore` prints the message to the admin's terminal, which a key holding an
 * escape sequence would otherwise clear, recolour or retitle.
 */
export class BackupReadError extends Error {
  constructor(message: string) {
    super(printable(message));
  }
}

/** The longest JSON text kept whole: one value of the backup (a record, a prompt's base64), never the file. */
const LONGEST_VALUE = constants.MAX_STRING_LENGTH;
/** Only what a backup's own values may hold: bytes that are not base64 stay as they are, for the checks to refuse. */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export interface ReadOptions {
  /** The longest single value kept as text, in bytes (tests lower it). */
  longestValue?: number;
  /**
   * A recorded prompt decoded as it comes is refused past this size, before its bytes are held
   * (restore: GRIOT_AUDIO_MAX_MB_PER_FLOW, which it would refuse anyway). Default: unbounded. The
   * prompts together are left to the restore's checks, which name every limit passed at once.
   */
  audioLimits?: { perPromptBytes: number };
}

/** An object of the file, keys as JSON.parse sets them (a `__proto__` key is a property, not the prototype). */
function setMember(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

/**
 * A recorded prompt of the backup (`audio[i]`, or `assets.audio[i]` of an older one), its base64
 * decoded as soon as the entry is read: the file's prompts are held once, as bytes (`content`,
 * `base64` then empty), never as one string. A `content` the file itself carries is dropped: only
 * bytes decoded here are trusted. Base64 that is not base64 stays, for the checks to refuse.
 */
function decodedPrompt(value: unknown, streamed: WeakMap<object, Buffer>): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const { content: _untrusted, ...entry } = value as Record<string, unknown>;
  // Decoded as the file was read (`Base64Pieces`): its text was never held.
  const decoded = streamed.get(value);
  if (decoded && entry.base64 === '') {
    entry.content = decoded;
    return entry;
  }
  if (typeof entry.base64 !== 'string' || !BASE64.test(entry.base64)) return entry;
  const content = Buffer.from(entry.base64, 'base64');
  entry.base64 = '';
  entry.content = content;
  return entry;
}

/**
 * Where a framed container is: after `{` (a key or `}`), after `,` in an object (a key), after a
 * key (`:`), after `:` or `,` in an array (a value), after `[` (a value or `]`), after a value
 * (`,` or the container's end).
 */
type State = 'keyOrEnd' | 'key' | 'colon' | 'value' | 'valueOrEnd' | 'next';

interface Frame {
  container: Record<string, unknown> | unknown[];
  isArray: boolean;
  key: string;
  state: State;
}

/** Anything but base64's alphabet and its padding. */
const NOT_BASE64_TEXT = /[^A-Za-z0-9+/=]/;

/**
 * A prompt's base64 (`audio[i].base64`) decoded to bytes as the file's chunks come, its text never
 * held whole: held at once were its text, the text joined, the string, the parsed string and the
 * bytes, about five times a prompt's size (a 200 MiB prompt took 1.5 GiB, bench/README.md rec32).
 * A backslash (an escape), a character out of base64's or padding not at the end makes it not
 * base64, as the checks then say.
 */
class Base64Pieces {
  readonly pieces: Buffer[] = [];
  /** Bytes decoded so far. */
  bytes = 0;
  private carry = '';
  private padding = 0;
  valid = true;

  feed(bytes: Buffer): void {
    if (!this.valid) return;
    let text = bytes.toString('latin1');
    // The string's own quotes, at its ends: a quote inside would have ended it.
    if (text.includes('"')) text = text.replaceAll('"', '');
    if (NOT_BASE64_TEXT.test(text)) {
      this.invalid();
      return;
    }
    const pad = text.indexOf('=');
    if (this.padding > 0 && text.length > 0 && pad !== 0) this.valid = false;
    if (pad !== -1) {
      const tail = text.slice(pad);
      if (/[^=]/.test(tail)) this.valid = false;
      this.padding += tail.length;
      if (this.padding > 2) this.valid = false;
    }
    if (!this.valid) {
      this.invalid();
      return;
    }
    const whole = this.carry + text;
    const cut = whole.length - (whole.length % 4);
    if (cut > 0) {
      const piece = Buffer.from(whole.slice(0, cut), 'base64');
      this.pieces.push(piece);
      this.bytes += piece.length;
    }
    this.carry = whole.slice(cut);
  }

  /** Not base64: what was decoded is let go at once (the rest of the text is only scanned). */
  invalid(): void {
    this.valid = false;
    this.pieces.length = 0;
    this.bytes = 0;
  }

  finish(): Buffer | null {
    if (!this.valid || this.carry.length === 1) return null;
    if (this.carry.length > 0) this.pieces.push(Buffer.from(this.carry, 'base64'));
    const bytes = this.pieces.length === 1 ? this.pieces[0]! : Buffer.concat(this.pieces);
    this.pieces.length = 0;
    return bytes;
  }
}

/** A value read as text (a string, a number, a literal, or a container deeper than the frames). */
interface Raw {
  kind: 'string' | 'scalar' | 'container';
  parts: Buffer[];
  size: number;
  forKey: boolean;
  /** Containers: how deep inside; strings (also within containers): inside one, after a backslash. */
  nest: number;
  inString: boolean;
  escaped: boolean;
  /** A prompt's base64: decoded as it comes instead of kept. */
  decoding?: Base64Pieces;
}

/** Containers this shallow are built as they are read; deeper values are parsed whole (the writer writes each whole, 512 kB pieces aside). */
const FRAMED_DEPTH = 3;

const found = (at: number, len: number) => (at === -1 ? len : at);
const isBlank = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const isDelimiter = (c: number) => c === 0x2c || c === 0x7d || c === 0x5d || isBlank(c);

/**
 * Reads a backup file as `JSON.parse` would, from a stream: the file is never one string (V8
 * refuses strings over 512 MiB, and a backup with its recorded audio passes that easily).
 * Containers down to the records of the dump's arrays are built as they come; each deeper value
 * (a record, a prompt) is parsed on its own, its text then dropped, and each recorded prompt is
 * decoded to bytes as soon as it is read (see `decodedPrompt`). Memory: about the data's size.
 *
 * Any JSON file reads as JSON.parse reads it (what is not JSON is refused with where it goes
 * wrong), except that a single value longer than V8's longest string is refused (Griot never
 * writes one: its writer would have failed).
 */
export async function readBackup(source: string | AsyncIterable<Uint8Array>, options: ReadOptions = {}): Promise<unknown> {
  const longest = options.longestValue ?? LONGEST_VALUE;
  const audioLimits = options.audioLimits ?? { perPromptBytes: Number.POSITIVE_INFINITY };
  const stack: Frame[] = [];
  let root: unknown;
  let rootDone = false;
  let raw: Raw | null = null;
  let offset = 0;
  /** Prompt entries whose base64 was decoded as it came, and their bytes. */
  const streamed = new WeakMap<object, Buffer>();

  const fail = (message: string, at: number): never => {
    throw new BackupReadError(`${message} at byte ${at}`);
  };
  const where = () => stack.map((f) => (f.isArray ? `[${(f.container as unknown[]).length}]` : `.${f.key}`)).join('');

  const keep = (buf: Buffer, from: number, to: number) => {
    if (to <= from || !raw) return;
    if (raw.decoding) {
      raw.decoding.feed(buf.subarray(from, to));
      if (buf.subarray(from, to).includes(0x5c)) raw.decoding.invalid();
      // Past what the restore refuses anyway: said now, before a hostile file's bytes fill the memory.
      if (raw.decoding.bytes > audioLimits.perPromptBytes)
        throw new BackupReadError(
          `a recorded prompt of more than ${audioLimits.perPromptBytes} bytes at ${where()}: past GRIOT_AUDIO_MAX_MB_PER_FLOW (set it higher, for this restore and for the servers on this store), nothing was restored`,
        );
      return;
    }
    raw.size += to - from;
    if (raw.size > longest) throw new BackupReadError(`a value of more than ${longest} bytes at ${where() || 'the top'}: not a backup Griot writes`);
    raw.parts.push(buf.subarray(from, to));
  };

  const attach = (given: unknown) => {
    const top = stack.at(-1);
    if (!top) {
      root = given;
      rootDone = true;
      return;
    }
    let value = given;
    if (top.isArray) {
      const audio = stack.length === 2 && stack[0]!.key === 'audio';
      const legacy = stack.length === 3 && stack[0]!.key === 'assets' && !stack[1]!.isArray && stack[1]!.key === 'audio';
      if (audio || legacy) value = decodedPrompt(value, streamed);
      (top.container as unknown[]).push(value);
    } else {
      // A second `base64` key of an entry wins, as with JSON.parse: bytes decoded from the first are dropped.
      if (top.key === 'base64') streamed.delete(top.container);
      setMember(top.container as Record<string, unknown>, top.key, value);
    }
    top.state = 'next';
  };

  const finishRaw = (at: number) => {
    const done = raw!;
    raw = null;
    if (done.decoding) {
      const bytes = done.decoding.finish();
      const entry = stack.at(-1)!;
      // Not base64: a value the checks refuse ("its content is not base64"), as they would the text.
      attach(bytes ? '' : '\u0000');
      if (bytes) streamed.set(entry.container, bytes);
      return;
    }
    let value: unknown;
    try {
      const text = (done.parts.length === 1 ? done.parts[0]! : Buffer.concat(done.parts)).toString('utf8');
      value = JSON.parse(text);
    } catch (error) {
      fail(`${(error as Error).message} (in ${where() || 'the top'})`, at);
    }
    if (done.forKey) {
      stack.at(-1)!.key = value as string;
      stack.at(-1)!.state = 'colon';
    } else attach(value);
  };

  /** Goes on with the raw value from `i`; returns where the chunk is to be read next. */
  const continueRaw = (buf: Buffer, start: number, quotes: { q: number; b: number }): number => {
    const r = raw!;
    let i = start;
    const len = buf.length;
    while (i < len) {
      if (r.inString) {
        if (r.escaped) {
          r.escaped = false;
          i += 1;
          continue;
        }
        if (quotes.q < i) quotes.q = found(buf.indexOf(0x22, i), len);
        if (quotes.b < i) quotes.b = found(buf.indexOf(0x5c, i), len);
        if (quotes.b < quotes.q) {
          i = quotes.b + 1;
          r.escaped = true;
          continue;
        }
        if (quotes.q >= len) {
          i = len;
          break;
        }
        i = quotes.q + 1;
        r.inString = false;
        if (r.kind === 'string') {
          keep(buf, start, i);
          finishRaw(offset + i);
          return i;
        }
        continue;
      }
      const c = buf[i]!;
      if (r.kind === 'scalar') {
        if (isDelimiter(c)) {
          keep(buf, start, i);
          finishRaw(offset + i);
          return i;
        }
        i += 1;
        continue;
      }
      // A container deeper than the frames.
      i += 1;
      if (c === 0x22) r.inString = true;
      else if (c === 0x7b || c === 0x5b) r.nest += 1;
      else if (c === 0x7d || c === 0x5d) {
        r.nest -= 1;
        if (r.nest === 0) {
          keep(buf, start, i);
          finishRaw(offset + i);
          return i;
        }
      }
    }
    keep(buf, start, len);
    return len;
  };

  const startValue = (buf: Buffer, i: number, forKey: boolean): number => {
    const c = buf[i]!;
    if (!forKey && (c === 0x7b || c === 0x5b) && stack.length < FRAMED_DEPTH) {
      stack.push({ container: c === 0x5b ? [] : {}, isArray: c === 0x5b, key: '', state: c === 0x5b ? 'valueOrEnd' : 'keyOrEnd' });
      return i + 1;
    }
    if (forKey && c !== 0x22) fail(`expected a key, found ${JSON.stringify(String.fromCharCode(c))}`, offset + i);
    const kind = c === 0x22 ? 'string' : c === 0x7b || c === 0x5b ? 'container' : 'scalar';
    if (kind === 'scalar' && !/[-0-9tfn]/.test(String.fromCharCode(c))) fail(`unexpected ${JSON.stringify(String.fromCharCode(c))}`, offset + i);
    raw = { kind, parts: [], size: 0, forKey, nest: kind === 'container' ? 1 : 0, inString: kind === 'string', escaped: false };
    // A prompt's base64 (`audio[i].base64`, the entry a frame): decoded as it comes.
    const top = stack.at(-1);
    if (kind === 'string' && !forKey && stack.length === 3 && top && !top.isArray && top.key === 'base64' && stack[1]!.isArray && stack[0]!.key === 'audio') raw.decoding = new Base64Pieces();
    if (kind === 'scalar') return continueRaw(buf, i, quotes);
    // The opening quote or bracket kept, the rest read from the next byte.
    keep(buf, i, i + 1);
    return continueRaw(buf, i + 1, quotes);
  };

  /** Where the next `"` and `\\` of the chunk are (searched again only once passed). */
  let quotes = { q: -1, b: -1 };

  const chunks: AsyncIterable<Uint8Array> = typeof source === 'string' ? createReadStream(source, { highWaterMark: 1024 * 1024 }) : source;
  for await (const chunk of chunks) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    quotes = { q: -1, b: -1 };
    let i = 0;
    const len = buf.length;
    while (i < len) {
      if (raw) {
        i = continueRaw(buf, i, quotes);
        continue;
      }
      const c = buf[i]!;
      if (isBlank(c)) {
        i += 1;
        continue;
      }
      if (rootDone) fail(`unexpected ${JSON.stringify(String.fromCharCode(c))} after the end of the backup`, offset + i);
      const top = stack.at(-1);
      if (!top) {
        i = startValue(buf, i, false);
        continue;
      }
      switch (top.state) {
        case 'keyOrEnd':
        case 'key':
          if (c === 0x7d && top.state === 'keyOrEnd') {
            i += 1;
            stack.pop();
            attach(top.container);
          } else i = startValue(buf, i, true);
          break;
        case 'colon':
          if (c !== 0x3a) fail(`expected ":", found ${JSON.stringify(String.fromCharCode(c))}`, offset + i);
          top.state = 'value';
          i += 1;
          break;
        case 'valueOrEnd':
        case 'value':
          if (c === 0x5d && top.state === 'valueOrEnd') {
            i += 1;
            stack.pop();
            attach(top.container);
          } else i = startValue(buf, i, false);
          break;
        case 'next':
          if (c === 0x2c) {
            top.state = top.isArray ? 'value' : 'key';
            i += 1;
          } else if (c === (top.isArray ? 0x5d : 0x7d)) {
            i += 1;
            stack.pop();
            attach(top.container);
          } else fail(`expected "," or "${top.isArray ? ']' : '}'}", found ${JSON.stringify(String.fromCharCode(c))}`, offset + i);
          break;
      }
    }
    offset += len;
  }
  if (raw && (raw as Raw).kind === 'scalar' && stack.length === 0) finishRaw(offset);
  if (raw || stack.length > 0 || !rootDone) fail('the file ends before the backup does (cut short?)', offset);
  return root;
}
