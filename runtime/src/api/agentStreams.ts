import type { Principal } from '../auth/principal.ts';
import { throttled } from '../errors.ts';

/** Live-update streams one user keeps open (tabs, devices): a sixth ends their oldest. */
export const MAX_STREAMS_PER_USER = 5;
/** How long a stream whose client reads nothing may keep unsent data before it is ended. */
export const DRAIN_MS = 5_000;

interface OpenStream {
  userId: string;
  credential: string;
  end: () => void;
}

/**
 * The agent live-update streams (`GET /api/agent/events`) of this instance: each holds a socket,
 * so a user keeps at most MAX_STREAMS_PER_USER (their oldest is ended, the browser of that tab
 * reconnects when it is shown again) and the instance at most `max` (more are refused with 429 and
 * `Retry-After`), leaving sockets for channel callbacks and /readyz. Streams opened with one
 * credential share its re-check against the store (at most one per `recheckMs`).
 */
export class AgentStreams {
  private readonly byUser = new Map<string, OpenStream[]>();
  private total = 0;
  private readonly checks = new Map<string, { at: number; allowed: Promise<Principal | null>; streams: number }>();

  constructor(
    private readonly max: number,
    private readonly recheckMs: number,
    /** The principal as the store has it now (its roles, its queues), or null when it no longer opens a stream. */
    private readonly recheck: (principal: Principal) => Promise<Principal | null>,
  ) {}

  get open(): number {
    return this.total;
  }

  /** Counts a new stream in, ending the user's oldest beyond their share; throws 429 when the instance holds all it may. */
  admit(principal: Principal, end: () => void): OpenStream {
    const mine = this.byUser.get(principal.userId) ?? [];
    while (mine.length >= MAX_STREAMS_PER_USER) mine[0]!.end();
    if (this.total >= this.max) {
      throw throttled('agent_streams_full', `this instance serves ${this.max} live-update streams already: try again shortly`, 15, { max: this.max });
    }
    const credential = `${principal.via}:${principal.credentialId}`;
    const stream: OpenStream = { userId: principal.userId, credential, end };
    mine.push(stream);
    this.byUser.set(principal.userId, mine);
    this.total += 1;
    const check = this.checks.get(credential);
    // The request that opens it was just authenticated.
    if (check) check.streams += 1;
    else this.checks.set(credential, { at: Date.now(), allowed: Promise.resolve(principal), streams: 1 });
    return stream;
  }

  /** Counts a stream out (ended by either side); again is harmless. */
  leave(stream: OpenStream): void {
    const mine = this.byUser.get(stream.userId);
    const at = mine?.indexOf(stream) ?? -1;
    if (!mine || at < 0) return;
    mine.splice(at, 1);
    if (mine.length === 0) this.byUser.delete(stream.userId);
    this.total -= 1;
    const check = this.checks.get(stream.credential);
    if (check && --check.streams === 0) this.checks.delete(stream.credential);
  }

  /** The stream's user was changed (their queues, their roles): the next `allowed` asks the store again. */
  stale(stream: OpenStream): void {
    const check = this.checks.get(stream.credential);
    if (check) check.at = 0;
  }

  /**
   * The principal as it now stands (roles, assigned queues), or null when the stream's credential
   * no longer opens it: asked of the store at most once per `recheckMs` for all its streams.
   */
  allowed(stream: OpenStream, principal: Principal): Promise<Principal | null> {
    const check = this.checks.get(stream.credential);
    if (!check) return Promise.resolve(null);
    if (Date.now() - check.at < this.recheckMs) return check.allowed;
    check.at = Date.now();
    check.allowed = this.recheck(principal);
    // A failed check ends its streams (as before); the next one asks again.
    check.allowed.catch(() => {
      check.at = 0;
    });
    return check.allowed;
  }
}

/** What `guardedWriter` needs of a response. */
interface Sink {
  write(text: string): boolean;
  once(event: 'drain', listener: () => void): unknown;
}

/**
 * Writes to a stream whose client may read nothing: once the socket's buffer is full (`write`
 * answers false), the client has `ms` to read it (`drain`), or `cut` is called. Returns the writer
 * and a `stop` that clears the timer.
 */
export function guardedWriter(sink: Sink, ms: number, cut: () => void): { write: (text: string) => void; stop: () => void } {
  let choked: NodeJS.Timeout | undefined;
  return {
    write(text) {
      if (sink.write(text) || choked) return;
      choked = setTimeout(cut, ms);
      choked.unref?.();
      sink.once('drain', () => {
        clearTimeout(choked);
        choked = undefined;
      });
    },
    stop: () => clearTimeout(choked),
  };
}
