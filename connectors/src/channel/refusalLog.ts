import type { ChannelLogger } from './ChannelLogger.ts';

/** One summary line per channel and reason at most this often, however many requests are refused. */
export const REFUSAL_SUMMARY_MS = 60_000;

interface Reason {
  /** When this reason last wrote a line. */
  lastLineAt: number;
  /** Refusals since, not written one by one. */
  suppressed: number;
  /** What the summary says: the last refusal's message and details. */
  level: 'info' | 'warn' | 'error';
  message: string;
  details: object;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** Summaries waiting for their minute, in every log: `flushRefusalLogs` writes them at shutdown. */
const pending = new Set<() => void>();

/**
 * Log lines for refused requests (a forged webhook signature, a wrong token, a channel left
 * without its secret), which anyone on the Internet can send by the thousand: the first refusal
 * of each channel and reason is written in full, then at most one line a minute per channel and
 * reason, counting the refusals not written (`suppressed`). Counting every refusal is the
 * metrics' job (`griot_webhook_signature_failures_total`), not the log's.
 */
export class RefusalLog {
  private readonly reasons = new Map<string, Reason>();

  constructor(
    private readonly logger: ChannelLogger,
    private readonly now: () => number = Date.now,
  ) {}

  /** A refusal: written now, or counted into the next summary of its channel and reason. */
  refused(channel: string, reason: string, details: object, message: string, level: 'info' | 'warn' | 'error' = 'warn'): void {
    const key = `${channel}\u0000${reason}`;
    const now = this.now();
    const known = this.reasons.get(key);
    if (!known || (known.suppressed === 0 && now - known.lastLineAt >= REFUSAL_SUMMARY_MS)) {
      this.logger[level]({ channel, reason, ...details }, message);
      if (known) known.lastLineAt = now;
      else this.reasons.set(key, { lastLineAt: now, suppressed: 0, level, message, details, timer: undefined });
      return;
    }
    known.suppressed += 1;
    known.level = level;
    known.message = message;
    known.details = details;
    if (known.timer) return;
    const write = () => {
      clearTimeout(known.timer);
      known.timer = undefined;
      pending.delete(write);
      if (known.suppressed === 0) return;
      this.logger[known.level]({ channel, reason, ...known.details, suppressed: known.suppressed }, `${known.message} (and ${known.suppressed} more like it not logged one by one)`);
      known.suppressed = 0;
      known.lastLineAt = this.now();
    };
    known.timer = setTimeout(write, Math.max(0, known.lastLineAt + REFUSAL_SUMMARY_MS - now));
    known.timer.unref?.();
    pending.add(write);
  }
}

/** Writes every summary still waiting for its minute (the server calls it as it stops). */
export function flushRefusalLogs(): void {
  for (const write of [...pending]) write();
}

const byLogger = new WeakMap<ChannelLogger, RefusalLog>();

/** The refusal log writing to this logger: the same one for a channel's express route and its hot path. */
export function refusalLogOf(logger: ChannelLogger): RefusalLog {
  let log = byLogger.get(logger);
  if (!log) {
    log = new RefusalLog(logger);
    byLogger.set(logger, log);
  }
  return log;
}

const REFUSAL_LOGGED = Symbol.for('griot.refusalLogged');

/** Marks an answer as a refusal the `RefusalLog` accounts for: the runtime's request log leaves it out (else one line each again). */
export function markRefusal(res: object): void {
  (res as { [REFUSAL_LOGGED]?: boolean })[REFUSAL_LOGGED] = true;
}

/** Whether `markRefusal` marked this answer. */
export function isMarkedRefusal(res: object): boolean {
  return (res as { [REFUSAL_LOGGED]?: boolean })[REFUSAL_LOGGED] === true;
}
