/// <reference path="./smpp.d.ts" />
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type smpp from 'smpp';
import { backoffDelay, type BackoffOptions } from '../messaging/backoff.ts';
import { silentLogger, type ChannelLogger } from '../channel/ChannelLogger.ts';

// The SMPP library (and its character set tables) is loaded when a link connects: a server
// without SMPP_URL never does.
const require = createRequire(import.meta.url);
let smppLibrary: typeof smpp | undefined;
const smppLib = (): typeof smpp => (smppLibrary ??= require('smpp') as typeof smpp);

/** SMPP 3.4 command statuses Griot acts on (§5.1.3). */
export const SmppStatus = {
  OK: 0x0000,
  /** The SMSC's queue is full: try again later. */
  MSGQFUL: 0x0014,
  /** Over the SMSC's throughput: slow down and try again. */
  THROTTLED: 0x0058,
  /** The ESME cannot take the message now: the SMSC re-delivers it later. */
  TEMPORARY_APP_ERROR: 0x0064,
  INVALID_COMMAND: 0x0003,
} as const;

/** Why a submit was not accepted: `sent` says whether its PDU had left Griot (then the SMSC may have taken it). */
export class SubmitError extends Error {
  override readonly name = 'SubmitError';

  constructor(
    message: string,
    readonly sent: boolean,
    /** The SMSC's refusal (`command_status`), when it answered. */
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface SmppLinkOptions {
  host: string;
  port: number;
  tls: boolean;
  systemId: string;
  password: string;
  systemType: string;
  enquireLinkMs: number;
  responseTimeoutMs: number;
  /** `submit_sm`s on the wire without an answer, at most. */
  window: number;
  /** `submit_sm`s per second at most; 0: the window alone. */
  maxSubmitsPerSecond: number;
  /** Waits between connection attempts (exponential, with jitter, so many ESMEs do not all come back at once). */
  reconnect?: BackoffOptions;
  /** Waits after ESME_RTHROTTLED / ESME_RMSGQFUL before the window opens again. */
  throttle?: BackoffOptions;
  /** Tries of one submit the SMSC keeps throttling, before it is given up on. */
  maxThrottledTries?: number;
  /**
   * A `deliver_sm` arrived: resolves with the `command_status` of its `deliver_sm_resp`, which
   * is sent only then (0 once the message is safe; a temporary error for the SMSC to re-deliver).
   * `link` says which bind it came over (a new one after each reconnect).
   */
  onDeliver: (pdu: smpp.PDU, link: { bindId: string }) => Promise<number>;
  logger?: ChannelLogger;
}

/** What the caller of `submit` is told of, around the PDU first leaving Griot. */
export interface SubmitHooks {
  /**
   * Called once, just before the PDU first leaves Griot; it leaves only once this resolved (it
   * holds a window slot meanwhile). For a write-ahead record ("this may have gone"): a process
   * killed after the PDU left then always finds the record. If it rejects, the submit is
   * rejected (not sent).
   */
  beforeWire?: () => Promise<unknown>;
  /**
   * The longest it may wait to leave (the link down or reconnecting, the window full): past it, a
   * submit that never left Griot is dropped and rejected (`sent` false), so a caller who cannot
   * wait (an agent's reply) hears "not now" rather than waiting for the link without limit.
   * Unset: it waits for the link as long as it takes.
   */
  waitMs?: number;
}

interface Submit {
  fields: Record<string, unknown>;
  resolve: (messageId: string) => void;
  reject: (error: SubmitError) => void;
  hooks: SubmitHooks;
  /** `beforeWire` resolved: the PDU may go. */
  ready: boolean;
  /** The PDU has left Griot (at least once). */
  onWireCalled: boolean;
  /** Submission order, to put one back in its place. */
  order: number;
  throttled: number;
  timer?: NodeJS.Timeout;
}

export type LinkState = 'down' | 'connecting' | 'bound' | 'closed';

/**
 * Griot's bind to the operator's SMSC, as an ESME transceiver (SMPP 3.4), over the `smpp`
 * package's session. Keeps the bind up: binds on connect, `enquire_link` on an interval (a
 * missing answer drops the link), reconnects with exponential backoff and jitter after any loss
 * (and after the SMSC's `unbind`). Sends `submit_sm`s within a window of unanswered PDUs and a
 * rate, waits and tries again on ESME_RTHROTTLED / ESME_RMSGQFUL, and re-sends after the next
 * bind every submit whose answer the lost link never brought: nothing Griot meant to send is
 * dropped (SMPP has no idempotency key, so one the SMSC had taken just before the loss may go
 * twice: a part at most per window slot, rather than a lost reply; `beforeWire` lets the caller
record that a part may have gone before it does, so a process killed meanwhile knows). A `deliver_sm` is answered
 * only when `onDeliver` says so: if the link goes first, the SMSC re-delivers it.
 *
 * Griot never listens for binds: the SMSC is only ever reached outward, on this authenticated bind.
 */
export class SmppLink {
  private session: smpp.Session | undefined;
  private stateNow: LinkState = 'down';
  private bindId = '';
  private attempts = 0;
  private readonly queue: Submit[] = [];
  private readonly inFlight = new Map<number, Submit>();
  /** Submits holding a window slot while their `beforeWire` runs. */
  private readonly preparing = new Set<Submit>();
  private nextOrder = 0;
  private readonly sentAt: number[] = [];
  private pausedUntil = 0;
  private pumpTimer: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private enquireTimer: NodeJS.Timeout | undefined;
  private readonly waiters = new Set<() => void>();
  private readonly logger: ChannelLogger;
  /** Counts for tests and operations (no content). */
  readonly stats = { binds: 0, bindRefusals: 0, disconnects: 0, resent: 0, throttled: 0, enquireLinks: 0 };

  constructor(private readonly options: SmppLinkOptions) {
    this.logger = options.logger ?? silentLogger;
  }

  get state(): LinkState {
    return this.stateNow;
  }

  /** Submits waiting or on the wire. */
  get outstanding(): number {
    return this.queue.length + this.preparing.size + this.inFlight.size;
  }

  start(): void {
    if (this.stateNow !== 'down' || this.session) return;
    this.connect();
  }

  /** Resolves once bound (true), or false after `timeoutMs`. */
  waitBound(timeoutMs: number): Promise<boolean> {
    if (this.stateNow === 'bound') return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve(this.stateNow === 'bound');
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(done);
    });
  }

  /**
   * Queues a `submit_sm`; resolves with the SMSC's message id once it accepted it. Survives a
   * lost link (sent again after the next bind). Rejects when the SMSC refuses it, keeps
   * throttling it, or the link is closed for good.
   */
  submit(fields: Record<string, unknown>, hooks: SubmitHooks = {}): Promise<string> {
    if (this.stateNow === 'closed') return Promise.reject(new SubmitError('the SMPP link is closed', false));
    return new Promise((resolve, reject) => {
      const submit: Submit = { fields, resolve, reject, hooks, ready: !hooks.beforeWire, onWireCalled: false, order: this.nextOrder++, throttled: 0 };
      this.queue.push(submit);
      if (hooks.waitMs !== undefined) {
        const waitMs = hooks.waitMs;
        setTimeout(() => {
          // Still queued and never on the wire: nothing of it can have gone, it is taken back.
          const at = this.queue.indexOf(submit);
          if (at < 0 || submit.onWireCalled) return;
          this.queue.splice(at, 1);
          reject(new SubmitError(`the SMPP link could not send it within ${Math.round(waitMs / 1000)} s (${this.stateNow})`, false));
        }, waitMs).unref();
      }
      this.pump();
    });
  }

  /**
   * Unbinds and closes. What is still queued or unanswered is rejected (`sent` says whether it
   * had left Griot): the next process sends what certainly did not go.
   */
  async close(): Promise<void> {
    if (this.stateNow === 'closed') return;
    const wasBound = this.stateNow === 'bound';
    this.stateNow = 'closed';
    clearTimeout(this.pumpTimer);
    clearTimeout(this.reconnectTimer);
    clearInterval(this.enquireTimer);
    for (const submit of this.queue.splice(0)) submit.reject(new SubmitError('the SMPP link closed before this was sent', submit.onWireCalled));
    for (const submit of this.preparing) submit.reject(new SubmitError('the SMPP link closed before this was sent', submit.onWireCalled));
    this.preparing.clear();
    for (const submit of this.inFlight.values()) {
      clearTimeout(submit.timer);
      submit.reject(new SubmitError('the SMPP link closed before the SMSC answered', true));
    }
    this.inFlight.clear();
    const session = this.session;
    this.session = undefined;
    if (!session) return;
    if (wasBound) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.responseTimeoutMs);
        const sent = session.send(new (smppLib().PDU)('unbind'), () => {
          clearTimeout(timer);
          resolve();
        });
        if (!sent) {
          clearTimeout(timer);
          resolve();
        }
      });
    }
    await new Promise<void>((resolve) => {
      if (session.socket.destroyed) resolve();
      else session.destroy(() => resolve());
    });
  }

  private connect(): void {
    if (this.stateNow === 'closed') return;
    this.stateNow = 'connecting';
    const { host, port, tls } = this.options;
    const session = smppLib().connect({ host, port, tls, ...(tls ? { servername: host } : {}) });
    // PDUs are small and each waits for its answer: Nagle's algorithm would hold them ~40 ms.
    session.socket.setNoDelay(true);
    this.session = session;
    let finished = false;
    const lost = (reason: string) => {
      if (finished) return;
      finished = true;
      this.onLost(session, reason);
    };
    session.on(tls ? 'secureConnect' : 'connect', () => this.bind(session));
    session.on('close', () => lost('connection closed'));
    session.on('error', (error: Error) => {
      this.logger.warn({ error: error.message }, 'SMPP connection error');
      session.destroy();
      lost(error.message);
    });
    session.on('pdu', (pdu: smpp.PDU) => this.onPdu(session, pdu));
  }

  private bind(session: smpp.Session): void {
    const timer = setTimeout(() => {
      this.logger.warn({}, 'SMPP bind not answered in time');
      session.destroy();
    }, this.options.responseTimeoutMs);
    session.send(
      new (smppLib().PDU)('bind_transceiver', {
        system_id: this.options.systemId,
        password: this.options.password,
        system_type: this.options.systemType,
        interface_version: 0x34,
      }),
      (pdu) => {
        clearTimeout(timer);
        if (session !== this.session || this.stateNow === 'closed') return;
        if (pdu.command_status !== SmppStatus.OK) {
          this.stats.bindRefusals += 1;
          // The operator must fix SMPP_SYSTEM_ID / SMPP_PASSWORD (or the SMSC's account): said once per refusal, never the values.
          this.logger.error({ status: statusName(pdu.command_status) }, "the SMSC refused Griot's bind: check SMPP_SYSTEM_ID, SMPP_PASSWORD and SMPP_SYSTEM_TYPE");
          session.destroy();
          return;
        }
        this.stateNow = 'bound';
        this.bindId = randomUUID();
        this.attempts = 0;
        this.stats.binds += 1;
        this.logger.info({ resent: this.queue.length }, 'bound to the SMSC');
        this.enquireTimer = setInterval(() => this.enquireLink(session), this.options.enquireLinkMs);
        for (const wake of [...this.waiters]) wake();
        this.pump();
      },
    );
  }

  private enquireLink(session: smpp.Session): void {
    const timer = setTimeout(() => {
      this.logger.warn({}, 'enquire_link not answered: the SMPP link is dropped and bound again');
      session.destroy();
    }, this.options.responseTimeoutMs);
    const sent = session.send(new (smppLib().PDU)('enquire_link'), () => {
      clearTimeout(timer);
      this.stats.enquireLinks += 1;
    });
    if (!sent) clearTimeout(timer);
  }

  private onPdu(session: smpp.Session, pdu: smpp.PDU): void {
    if (pdu.isResponse()) return;
    switch (pdu.command) {
      case 'deliver_sm': {
        const bindId = this.bindId;
        void this.options
          .onDeliver(pdu, { bindId })
          .catch(() => SmppStatus.TEMPORARY_APP_ERROR)
          .then((status) => {
            // Answered on the link it came over only: after a loss, the SMSC re-delivers it.
            if (session === this.session && !session.socket.destroyed) session.send(pdu.response({ command_status: status }));
          });
        return;
      }
      case 'enquire_link':
        session.send(pdu.response());
        return;
      case 'unbind':
        // The SMSC is going away (maintenance, a restart): answer, then come back with backoff.
        this.logger.info({}, 'the SMSC unbound Griot: binding again');
        session.send(pdu.response(), undefined, () => session.destroy());
        return;
      case 'alert_notification':
      case 'outbind':
        return;
      default:
        // data_sm, a bind towards Griot, an unknown command: not something Griot takes.
        session.send(pdu.response({ command_status: SmppStatus.INVALID_COMMAND }));
    }
  }

  private onLost(session: smpp.Session, reason: string): void {
    if (session !== this.session) return;
    this.session = undefined;
    clearInterval(this.enquireTimer);
    if (this.stateNow === 'closed') return;
    const wasBound = this.stateNow === 'bound';
    this.stateNow = 'down';
    if (wasBound) this.stats.disconnects += 1;
    // Unanswered submits go first after the next bind, in the order they were sent.
    const unanswered = [...this.inFlight.entries()].sort(([a], [b]) => a - b).map(([, submit]) => submit);
    this.inFlight.clear();
    for (const submit of unanswered) clearTimeout(submit.timer);
    this.queue.unshift(...unanswered);
    this.stats.resent += unanswered.length;
    this.attempts += 1;
    const delay = backoffDelay(this.attempts, this.options.reconnect ?? { baseMs: 1_000, maxMs: 60_000, jitter: 0.3 });
    this.logger.warn({ reason, unanswered: unanswered.length, waiting: this.queue.length, retryInMs: delay }, 'SMPP link lost: binding again');
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private pump(): void {
    clearTimeout(this.pumpTimer);
    this.pumpTimer = undefined;
    const session = this.session;
    if (this.stateNow !== 'bound' || !session) return;
    const now = Date.now();
    if (now < this.pausedUntil) {
      this.pumpTimer = setTimeout(() => this.pump(), this.pausedUntil - now);
      return;
    }
    const rate = this.options.maxSubmitsPerSecond;
    while (this.queue.length > 0 && this.inFlight.size + this.preparing.size < this.options.window) {
      if (rate > 0) {
        while (this.sentAt.length > 0 && (this.sentAt[0] as number) <= Date.now() - 1000) this.sentAt.shift();
        if (this.sentAt.length >= rate) {
          this.pumpTimer = setTimeout(() => this.pump(), (this.sentAt[0] as number) + 1000 - Date.now());
          return;
        }
        this.sentAt.push(Date.now());
      }
      const submit = this.queue.shift() as Submit;
      this.send(session, submit);
    }
  }

  private send(session: smpp.Session, submit: Submit): void {
    if (!submit.ready) {
      this.prepare(session, submit);
      return;
    }
    const pdu = new (smppLib().PDU)('submit_sm', { ...submit.fields });
    const sent = session.send(pdu, (response) => this.onSubmitResponse(submit, pdu.sequence_number, response));
    if (!sent) {
      // The socket is going: it goes back first, for the next bind.
      this.queue.unshift(submit);
      return;
    }
    this.inFlight.set(pdu.sequence_number, submit);
    submit.onWireCalled = true;
    submit.timer = setTimeout(() => {
      this.logger.warn({}, 'submit_sm not answered in time: the SMPP link is dropped and bound again');
      if (session === this.session) session.destroy();
    }, this.options.responseTimeoutMs);
  }

  /**
   * Runs a submit's `beforeWire`, holding its window slot, then sends it at once (nothing runs
   * between the record being safe and the PDU leaving), or puts it back in its place if the link
   * was lost meanwhile.
   */
  private prepare(session: smpp.Session, submit: Submit): void {
    this.preparing.add(submit);
    const before = submit.hooks.beforeWire as () => Promise<unknown>;
    void Promise.resolve()
      .then(before)
      .then(
        () => {
          if (!this.preparing.delete(submit)) return; // closed meanwhile: already rejected
          submit.ready = true;
          if (session === this.session && this.stateNow === 'bound') this.send(session, submit);
          else this.requeue(submit);
          this.pump();
        },
        (error: unknown) => {
          if (!this.preparing.delete(submit)) return;
          // Without its record the PDU must not go: a crash after it would send it twice.
          submit.reject(new SubmitError(`not sent: recording it first failed (${error instanceof Error ? error.message : String(error)})`, submit.onWireCalled));
          this.pump();
        },
      );
  }

  /** Back in the queue, before the submits that came after it. */
  private requeue(submit: Submit): void {
    const at = this.queue.findIndex((other) => other.order > submit.order);
    if (at === -1) this.queue.push(submit);
    else this.queue.splice(at, 0, submit);
  }

  private onSubmitResponse(submit: Submit, sequence: number, response: smpp.PDU): void {
    if (this.inFlight.get(sequence) !== submit) return;
    this.inFlight.delete(sequence);
    clearTimeout(submit.timer);
    const status = response.command_status;
    if (status === SmppStatus.OK) {
      submit.resolve(String(response.message_id ?? ''));
    } else if (status === SmppStatus.THROTTLED || status === SmppStatus.MSGQFUL) {
      this.stats.throttled += 1;
      submit.throttled += 1;
      if (submit.throttled > (this.options.maxThrottledTries ?? 20)) {
        submit.reject(new SubmitError(`the SMSC kept refusing it (${statusName(status)})`, true, status));
      } else {
        // The SMSC asks Griot to slow down: the whole window waits, this one goes first after.
        const delay = backoffDelay(submit.throttled, this.options.throttle ?? { baseMs: 200, maxMs: 10_000, jitter: 0.3 });
        this.pausedUntil = Math.max(this.pausedUntil, Date.now() + delay);
        this.queue.unshift(submit);
      }
    } else {
      submit.reject(new SubmitError(`the SMSC refused it (${statusName(status)})`, true, status));
    }
    this.pump();
  }
}

/** `ESME_RINVPASWD` for 0x0E: the SMPP name of a status, for logs and errors. */
export function statusName(status: number): string {
  const name = Object.entries(smppLib().errors).find(([, code]) => code === status)?.[0];
  return name ?? `0x${status.toString(16).padStart(4, '0')}`;
}
