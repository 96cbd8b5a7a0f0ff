import { hash } from 'node:crypto';

/** SHA-256's block size in bytes. */
const BLOCK = 64;

/**
 * HMAC-SHA256 with one key (RFC 2104: H(K ^ opad || H(K ^ ipad || message)), the key hashed
 * first when longer than a block), made of two one-shot hashes (`crypto.hash`): the same 32 bytes
 * as `createHmac('sha256', key)`, without the native HMAC or hash objects `createHmac` and
 * `Hash.copy` make for every message, nor OpenSSL looking the digest up again each time. In the
 * saturated server `createHmac` cost about ten times what it costs in a loop (issue 17: its
 * `init` alone came to ~50 µs a call, a signed Griot answered 10–20 % fewer calls a second than
 * an unsigned one). For a key that signs many messages on a hot path (jambonz's webhooks,
 * analytics' hashes); elsewhere `createHmac`. Not reentrant (one buffer for the outer hash),
 * which a synchronous call never is.
 *
 * Nothing of the key nor of the message is left in Node's shared buffer pool (the slab every small
 * `Buffer.from` / `allocUnsafe` is cut from, which any pooled buffer's `.buffer` exposes): the pads
 * are buffers of their own, the copies made here are wiped once hashed.
 */
export class HmacKey {
  private readonly innerPad: Buffer;
  /** The outer hash's message: the outer pad, then the inner digest written in place. */
  private readonly outer: Buffer;

  /** `key`: a string is taken as UTF-8 (as `createHmac` takes it); given bytes are neither kept nor changed. */
  constructor(key: string | Buffer) {
    // A string's bytes in a buffer of their own (not the pool), wiped below.
    const bytes = typeof key === 'string' ? Buffer.alloc(Buffer.byteLength(key, 'utf8')) : key;
    if (typeof key === 'string') bytes.write(key, 0, 'utf8');
    const block = Buffer.alloc(BLOCK);
    if (bytes.length > BLOCK) {
      const hashed = hash('sha256', bytes, 'buffer');
      hashed.copy(block);
      hashed.fill(0);
    } else bytes.copy(block);
    if (bytes !== key) bytes.fill(0);
    this.innerPad = Buffer.alloc(BLOCK);
    this.outer = Buffer.alloc(BLOCK + 32);
    for (let i = 0; i < BLOCK; i++) {
      const b = block[i] as number;
      this.innerPad[i] = b ^ 0x36;
      this.outer[i] = b ^ 0x5c;
    }
    block.fill(0);
  }

  /**
   * The MAC of `prefix` then `text`, each a string as UTF-8 (as `createHmac`'s `update` takes
   * one) or `text` as bytes. The inner message (pad, prefix, text) is copied once into a buffer
   * wiped once hashed (a pooled one for a small message: it holds the key's inner pad and, for
   * analytics, a subscriber's number); nothing per message has a native store of its own.
   */
  digest(prefix: string, text: string | Buffer): Buffer {
    const start = BLOCK + Buffer.byteLength(prefix, 'utf8');
    const message = Buffer.allocUnsafe(start + (typeof text === 'string' ? Buffer.byteLength(text, 'utf8') : text.length));
    this.innerPad.copy(message, 0);
    message.write(prefix, BLOCK, 'utf8');
    if (typeof text === 'string') message.write(text, start, 'utf8');
    else text.copy(message, start);
    // Digests as Latin-1 strings ('binary': one byte a character): a string is a plain V8 object, where a
    // 'buffer' digest is an ArrayBuffer with its own native store for the GC to track and free.
    this.outer.write(hash('sha256', message, 'binary'), BLOCK, 'latin1');
    message.fill(0);
    // 32 bytes from the pool: a MAC is mostly no secret once made (a genuine webhook carries it in its
    // header, analytics stores it), and a buffer of its own (`Buffer.alloc`) cost ~0.2 µs more a digest.
    // A caller whose MAC is a key (analytics' log digest key) wipes it.
    return Buffer.from(hash('sha256', this.outer, 'binary'), 'latin1');
  }
}

const keys = new Map<string, HmacKey>();

/**
 * The key of a channel's secret, made once: the webhooks' signatures (jambonz's, Meta's for
 * WhatsApp and Messenger), the current secret's and, during a rotation, the previous one's. Given
 * the string every time, `createHmac` copied its bytes into Node's shared buffer pool at every
 * webhook. A handful of secrets in a process's life; bounded all the same.
 */
export function hmacKeyOf(secret: string): HmacKey {
  let key = keys.get(secret);
  if (key === undefined) {
    if (keys.size >= 16) keys.clear();
    key = new HmacKey(secret);
    keys.set(secret, key);
  }
  return key;
}
