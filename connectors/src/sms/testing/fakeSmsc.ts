/// <reference path="../smpp.d.ts" />
import type { AddressInfo } from 'node:net';
import smpp from 'smpp';
import { outsideGsm7 } from '@griot/flows';

/** A subscriber's SMS as the fake SMSC delivers it to the bound ESME. */
export interface MobileSms {
  from: string;
  to: string;
  text: string;
  /** TON of `from` (default 1, international). */
  fromTon?: number;
  /** The SMSC's own id, put in `receipted_message_id` (0x001E) as some SMSCs do for MO too. */
  smscMessageId?: string;
  /** Sent as parts of a concatenated SMS: `{ ref, total, seq }` in a UDH. */
  part?: { ref: number; total: number; seq: number };
  /** 0 GSM 03.38 (default when it fits), 8 UCS-2. */
  dataCoding?: number;
}

/** One `submit_sm` the fake SMSC accepted. */
export interface SubmittedPart {
  messageId: string;
  from: string;
  to: string;
  toTon: number;
  dataCoding: number;
  esmClass: number;
  registeredDelivery: number;
  text: string;
  /** Concatenation: reference, count, place (from the UDH). */
  concat?: { ref: number; total: number; seq: number };
  at: number;
}

/** A message as the handset shows it: the parts of one concatenated SMS joined in order. */
export interface HandsetMessage {
  to: string;
  text: string;
  parts: SubmittedPart[];
  dataCoding: number;
}

export interface FakeSmscOptions {
  systemId: string;
  password: string;
  /** Delivery receipts sent for submits asking for them (`registered_delivery` 1): DELIVRD after this many ms; null: none. */
  receiptAfterMs?: number | null;
  /** A receipt with this state sent before the answer to the submit (some SMSCs do, a failure known at once). */
  receiptBeforeAnswer?: 'DELIVRD' | 'UNDELIV' | 'EXPIRED' | 'REJECTD';
  /** Put the SMSC's message id in `receipted_message_id` of subscribers' SMS (an id to dedupe with). */
  moIds?: boolean;
  /** Told of each part the SMSC takes (benchmarks time replies with it). */
  onSubmitted?: (part: SubmittedPart) => void;
}

interface Pending {
  id: number;
  sms: MobileSms;
  acked: boolean;
  sends: number;
  statuses: number[];
  settled: Promise<number>;
  settle: (status: number) => void;
}

/**
 * A small SMSC speaking SMPP 3.4, built on the same `smpp` package: binds as transceiver with
 * the configured credentials (anything else refused: ESME_RINVSYSID / ESME_RINVPASWD), answers
 * `enquire_link` and `unbind`, accepts `submit_sm` within what a real SMSC takes (it refuses a
 * part over 160 GSM septets / 70 UCS-2 characters, or 153 / 67 with a concatenation UDH, and
 * GSM 03.38 that is not), and delivers subscribers' SMS until they are acknowledged: a
 * `deliver_sm` not answered 0 (the link lost, a temporary error) is delivered again, like a real
 * SMSC's retry. A submit is taken when the SMSC answers it: one still unanswered when the SMSC
 * itself drops the links (`dropLinks`) is lost with them, as in an SMSC restart; one unanswered
 * when the ESME goes away is taken all the same.
 */
export class FakeSmsc {
  readonly server: smpp.Server;
  readonly submitted: SubmittedPart[] = [];
  /** Every bind attempt and its outcome (`command_status`). */
  readonly binds: { systemId: string; status: number }[] = [];
  readonly counts = { enquireLinks: 0, deliverSms: 0, redeliveries: 0, unbinds: 0, submitsReceived: 0, refusedSubmits: 0 };
  private readonly bound = new Set<smpp.Session>();
  private readonly pending: Pending[] = [];
  private nextId = 1;
  private nextMessage = 1;
  private latencyMs = 0;
  private throttleNext = 0;
  private answeringEnquireLinks = true;
  private readonly dropped = new WeakSet<smpp.Session>();
  /** Submits held by the latency, per link: taken at once if the ESME goes away meanwhile. */
  private readonly held = new Map<smpp.Session, Map<NodeJS.Timeout, () => void>>();
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly options: FakeSmscOptions) {
    this.server = smpp.createServer({}, (session) => this.onSession(session));
  }

  static async start(options: FakeSmscOptions): Promise<FakeSmsc> {
    const smsc = new FakeSmsc(options);
    await new Promise<void>((resolve) => smsc.server.listen(0, '127.0.0.1', () => resolve()));
    return smsc;
  }

  get url(): string {
    return `smpp://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** ESMEs bound now. */
  get boundCount(): number {
    return this.bound.size;
  }

  /** Answers to `submit_sm` wait this long (a busy SMSC). */
  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  /** The next `count` submits are answered ESME_RTHROTTLED (then taken when sent again). */
  throttle(count: number): void {
    this.throttleNext = count;
  }

  /** Stops answering `enquire_link` (a half-dead link), or starts again. */
  answerEnquireLinks(answer: boolean): void {
    this.answeringEnquireLinks = answer;
  }

  /**
   * Delivers a subscriber's SMS to a bound ESME; resolves with the status of the first answer
   * that acknowledged it (0). Until then it is delivered again (after each new bind, or
   * `retryMs` after a temporary error).
   */
  deliver(sms: MobileSms): Promise<number> {
    let settle!: (status: number) => void;
    const settled = new Promise<number>((resolve) => (settle = resolve));
    const entry: Pending = { id: this.nextMessage++, sms, acked: false, sends: 0, statuses: [], settled, settle };
    this.pending.push(entry);
    const session = [...this.bound][0];
    if (session) this.sendDeliver(session, entry);
    return settled;
  }

  /** Subscribers' SMS not acknowledged yet. */
  get unacknowledged(): number {
    return this.pending.filter((p) => !p.acked).length;
  }

  /** Status answers each delivered SMS got, in order (0 is OK). */
  answers(): number[][] {
    return this.pending.map((p) => [...p.statuses]);
  }

  /** A delivery receipt for a submitted part, now. */
  sendReceipt(messageId: string, stat: 'DELIVRD' | 'UNDELIV' | 'EXPIRED' | 'REJECTD', destination?: SubmittedPart): void {
    const session = [...this.bound][0];
    if (!session) throw new Error('no ESME bound');
    const state = { DELIVRD: 2, EXPIRED: 3, UNDELIV: 5, REJECTD: 8 }[stat];
    const part = destination ?? this.submitted.find((s) => s.messageId === messageId);
    session.send(
      new smpp.PDU('deliver_sm', {
        source_addr_ton: 1,
        source_addr: part?.to ?? '',
        destination_addr: part?.from ?? '',
        esm_class: 0x04,
        data_coding: 0,
        short_message: `id:${messageId} sub:001 dlvrd:${stat === 'DELIVRD' ? '001' : '000'} submit date:2611301200 done date:2611301201 stat:${stat} err:${stat === 'DELIVRD' ? '000' : '001'} text:`,
        receipted_message_id: messageId,
        message_state: state,
      }),
    );
  }

  /** The SMSC unbinds every ESME (maintenance). */
  unbindAll(): void {
    for (const session of this.bound) session.send(new smpp.PDU('unbind'));
  }

  /** The SMSC drops every link at once (a crash, a network cut): unanswered submits are lost with it. */
  dropLinks(): void {
    for (const session of [...this.server.sessions]) {
      this.dropped.add(session);
      this.bound.delete(session);
      session.destroy();
    }
  }

  /** What each subscriber's handset shows: concatenated parts joined by reference, in order; single SMS as they are. */
  handset(to?: string): HandsetMessage[] {
    const messages: HandsetMessage[] = [];
    const open = new Map<string, HandsetMessage & { seen: Set<number> }>();
    for (const part of this.submitted) {
      if (to !== undefined && part.to !== to) continue;
      if (!part.concat) {
        messages.push({ to: part.to, text: part.text, parts: [part], dataCoding: part.dataCoding });
        continue;
      }
      const key = `${part.to}:${part.concat.ref}:${part.concat.total}`;
      let message = open.get(key);
      if (!message || message.seen.has(part.concat.seq)) {
        message = { to: part.to, text: '', parts: [], dataCoding: part.dataCoding, seen: new Set() };
        open.set(key, message);
        messages.push(message);
      }
      message.seen.add(part.concat.seq);
      message.parts.push(part);
      message.parts.sort((a, b) => (a.concat?.seq ?? 0) - (b.concat?.seq ?? 0));
      message.text = message.parts.map((p) => p.text).join('');
    }
    return messages.map(({ to: t, text, parts, dataCoding }) => ({ to: t, text, parts, dataCoding }));
  }

  async close(): Promise<void> {
    clearTimeout(this.retryTimer);
    for (const timer of this.timers) clearTimeout(timer);
    for (const session of [...this.server.sessions]) session.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onSession(session: smpp.Session): void {
    session.socket.setNoDelay(true);
    session.on('error', () => session.destroy());
    session.on('close', () => {
      this.bound.delete(session);
      // The ESME went away (a crash): the SMSC had these PDUs and takes them; only its answers are lost.
      // (When the SMSC itself dropped the link, `answer` discards them.)
      const held = this.held.get(session);
      this.held.delete(session);
      for (const [timer, run] of held ?? []) {
        clearTimeout(timer);
        this.timers.delete(timer);
        run();
      }
    });
    session.on('pdu', (pdu: smpp.PDU) => {
      if (pdu.isResponse()) return;
      switch (pdu.command) {
        case 'bind_transceiver':
          return this.onBind(session, pdu);
        case 'bind_transmitter':
        case 'bind_receiver':
          // Griot binds as a transceiver; anything else here is not Griot.
          this.binds.push({ systemId: String(pdu.system_id), status: smpp.errors.ESME_RBINDFAIL as number });
          session.send(pdu.response({ command_status: smpp.errors.ESME_RBINDFAIL }));
          return;
        case 'enquire_link':
          if (!this.bound.has(session)) return void session.send(pdu.response({ command_status: smpp.errors.ESME_RINVBNDSTS }));
          this.counts.enquireLinks += 1;
          if (this.answeringEnquireLinks) session.send(pdu.response());
          return;
        case 'unbind':
          this.counts.unbinds += 1;
          this.bound.delete(session);
          session.send(pdu.response(), undefined, () => session.close());
          return;
        case 'submit_sm':
          if (!this.bound.has(session)) return void session.send(pdu.response({ command_status: smpp.errors.ESME_RINVBNDSTS }));
          return this.onSubmit(session, pdu);
        default:
          session.send(pdu.response({ command_status: smpp.errors.ESME_RINVCMDID }));
      }
    });
  }

  /** While true, binds are refused (ESME_RBINDFAIL: the SMSC in maintenance), so a dropped link stays down. */
  refusingBinds = false;

  private onBind(session: smpp.Session, pdu: smpp.PDU): void {
    const status = this.refusingBinds
      ? (smpp.errors.ESME_RBINDFAIL as number)
      : pdu.system_id !== this.options.systemId
        ? (smpp.errors.ESME_RINVSYSID as number)
        : pdu.password !== this.options.password
          ? (smpp.errors.ESME_RINVPASWD as number)
          : 0;
    this.binds.push({ systemId: String(pdu.system_id), status });
    if (status !== 0) {
      session.send(pdu.response({ command_status: status }), undefined, () => session.close());
      return;
    }
    session.send(pdu.response({ system_id: 'fakesmsc' }));
    this.bound.add(session);
    // What was not acknowledged on an earlier bind is delivered again now.
    for (const entry of this.pending) if (!entry.acked) this.sendDeliver(session, entry);
  }

  private onSubmit(session: smpp.Session, pdu: smpp.PDU): void {
    this.counts.submitsReceived += 1;
    const answer = (status: number, part?: SubmittedPart) => {
      if (this.dropped.has(session)) return;
      if (part) {
        this.submitted.push(part);
        this.options.onSubmitted?.(part);
        if (part.registeredDelivery & 1 && this.options.receiptAfterMs !== null && this.options.receiptAfterMs !== undefined) {
          this.later(() => {
            if (this.bound.size > 0) this.sendReceipt(part.messageId, 'DELIVRD', part);
          }, this.options.receiptAfterMs);
        }
        if (part.registeredDelivery & 1 && this.options.receiptBeforeAnswer) this.sendReceipt(part.messageId, this.options.receiptBeforeAnswer, part);
      }
      if (!session.socket.destroyed) session.send(pdu.response(status === 0 && part ? { message_id: part.messageId } : { command_status: status }));
    };
    if (this.throttleNext > 0) {
      this.throttleNext -= 1;
      this.counts.refusedSubmits += 1;
      answer(smpp.errors.ESME_RTHROTTLED as number);
      return;
    }
    const checked = this.check(pdu);
    if (typeof checked === 'number') {
      this.counts.refusedSubmits += 1;
      answer(checked);
      return;
    }
    if (this.latencyMs <= 0) {
      answer(0, checked);
      return;
    }
    const held = this.held.get(session) ?? new Map<NodeJS.Timeout, () => void>();
    this.held.set(session, held);
    const run = () => answer(0, checked);
    const timer = setTimeout(() => {
      held.delete(timer);
      this.timers.delete(timer);
      run();
    }, this.latencyMs);
    this.timers.add(timer);
    held.set(timer, run);
  }

  /** What a real SMSC would refuse: over-long parts, GSM 03.38 that is not, an encoding it does not take. */
  private check(pdu: smpp.PDU): SubmittedPart | number {
    const dataCoding = Number(pdu.data_coding ?? 0);
    const esmClass = Number(pdu.esm_class ?? 0);
    const body = pdu.short_message as { message?: unknown; udh?: Buffer[] } | undefined;
    const text = body && typeof body.message === 'string' ? body.message : undefined;
    if (text === undefined || (dataCoding !== 0 && dataCoding !== 8)) return smpp.errors.ESME_RINVDCS ?? 0x104;
    let concat: SubmittedPart['concat'];
    for (const ie of body?.udh ?? []) if (ie[0] === 0x00 && ie.length >= 5) concat = { ref: ie[2] as number, total: ie[3] as number, seq: ie[4] as number };
    if ((esmClass & 0x40) !== 0 && !concat) return smpp.errors.ESME_RINVESMCLASS as number;
    if (dataCoding === 0 && outsideGsm7(text).length > 0) return smpp.errors.ESME_RINVMSGLEN as number;
    const size = dataCoding === 0 ? [...text].reduce((n, c) => n + ('^{}\\[~]|€\f'.includes(c) ? 2 : 1), 0) : text.length;
    const max = dataCoding === 0 ? (concat ? 153 : 160) : concat ? 67 : 70;
    if (size > max) return smpp.errors.ESME_RINVMSGLEN as number;
    return {
      messageId: `m${this.nextId++}`,
      from: String(pdu.source_addr ?? ''),
      to: String(pdu.destination_addr ?? ''),
      toTon: Number(pdu.dest_addr_ton ?? 0),
      dataCoding,
      esmClass,
      registeredDelivery: Number(pdu.registered_delivery ?? 0),
      text,
      ...(concat ? { concat } : {}),
      at: Date.now(),
    };
  }

  private sendDeliver(session: smpp.Session, entry: Pending): void {
    const { sms } = entry;
    const fits = outsideGsm7(sms.text).length === 0;
    const dataCoding = sms.dataCoding ?? (fits ? 0 : 8);
    const text = dataCoding === 8 ? Buffer.from(sms.text, 'utf16le').swap16() : sms.text;
    const udh = sms.part ? Buffer.from([0x05, 0x00, 0x03, sms.part.ref, sms.part.total, sms.part.seq]) : undefined;
    const smscId = sms.smscMessageId ?? (this.options.moIds ? `mo${entry.id}` : undefined);
    if (entry.sends > 0) this.counts.redeliveries += 1;
    entry.sends += 1;
    this.counts.deliverSms += 1;
    session.send(
      new smpp.PDU('deliver_sm', {
        source_addr_ton: sms.fromTon ?? 1,
        source_addr_npi: 1,
        source_addr: sms.from,
        destination_addr: sms.to,
        esm_class: udh ? 0x40 : 0,
        data_coding: dataCoding,
        short_message: udh ? { udh, message: text } : text,
        ...(smscId ? { receipted_message_id: smscId } : {}),
      }),
      (response) => {
        if (entry.acked) return;
        entry.statuses.push(response.command_status);
        if (response.command_status === 0) {
          entry.acked = true;
          entry.settle(0);
          return;
        }
        // A temporary error: delivered again a little later (a real SMSC's retry schedule, shortened).
        this.later(() => {
          const again = [...this.bound][0];
          if (!entry.acked && again) this.sendDeliver(again, entry);
        }, 200);
      },
    );
  }

  private later(run: () => void, ms: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    this.timers.add(timer);
  }
}
