/// <reference path="./smpp.d.ts" />
import type smpp from 'smpp';

/** A subscriber's SMS (one part of it, when the handset sent a long text in parts). */
export interface MobileOriginated {
  kind: 'message';
  /** The subscriber's address as the SMSC gives it (a leading `+` dropped). */
  from: string;
  /** Its type of number: 1 international (then `from` is E.164 without `+`), 2 national, 0 unknown… */
  fromTon: number;
  /** The short code written to (the binding's address). */
  to: string;
  text: string;
  /** The SMSC's own id of the message, when it gives one (the TLV `SMPP_MO_MESSAGE_ID_TLV` names). */
  smscMessageId?: string;
  /** A part of a concatenated SMS (UDH, or the sar_* TLVs). */
  part?: { ref: number; total: number; seq: number };
}

/** A delivery receipt for an SMS Griot sent (`esm_class` message type 0x04). */
export interface DeliveryReceipt {
  kind: 'receipt';
  /** The SMSC's id of the message Griot submitted (from `submit_sm_resp`). */
  messageId: string;
  /** The ledger's status: `delivered`, `failed`, or `sent` (still on its way). */
  status: 'sent' | 'delivered' | 'failed';
  /** The SMSC's state word: DELIVRD, UNDELIV, EXPIRED, REJECTD… */
  stat: string;
  error?: string;
}

export type DeliverSm = MobileOriginated | DeliveryReceipt | { kind: 'unreadable'; reason: string };

/** message_state TLV values (SMPP 3.4 §5.2.28) and the receipt text's `stat:` words, as the ledger's statuses. */
/** SMPP's type of number for an alphanumeric sender id (`MTN`, `GriotBank`). */
export const ALPHANUMERIC_TON = 5;

const STATES: Record<string, { stat: string; status: DeliveryReceipt['status'] }> = {
  1: { stat: 'ENROUTE', status: 'sent' },
  2: { stat: 'DELIVRD', status: 'delivered' },
  3: { stat: 'EXPIRED', status: 'failed' },
  4: { stat: 'DELETED', status: 'failed' },
  5: { stat: 'UNDELIV', status: 'failed' },
  6: { stat: 'ACCEPTD', status: 'sent' },
  7: { stat: 'UNKNOWN', status: 'sent' },
  8: { stat: 'REJECTD', status: 'failed' },
};
const BY_WORD = Object.fromEntries(Object.values(STATES).map((s) => [s.stat, s]));

/**
 * Reads a `deliver_sm` as the `smpp` package decoded it: a subscriber's message or a delivery
 * receipt. The message type is bits 2–5 of `esm_class` (0x04: SMSC delivery receipt); text in
 * `short_message` or `message_payload`, GSM 03.38 (data_coding 0), Latin-1 (3) or UCS-2 (8).
 */
export function readDeliverSm(pdu: smpp.PDU, options: { moMessageIdTlv: number }): DeliverSm {
  const esmClass = Number(pdu.esm_class ?? 0);
  const { text, udh } = textOf(pdu);
  if ((esmClass & 0x3c) === 0x04) return readReceipt(pdu, text);
  if ((esmClass & 0x3c) !== 0) return { kind: 'unreadable', reason: `esm_class 0x${esmClass.toString(16)} is not a message` };
  if (text === undefined) return { kind: 'unreadable', reason: `data_coding 0x${Number(pdu.data_coding ?? 0).toString(16)} is not text` };
  const source = String(pdu.source_addr ?? '');
  const declaredTon = Number(pdu.source_addr_ton ?? 0);
  // An alphanumeric sender id (TON 5) is a name its sender chose, `+` and digits included: kept as
  // given, never read as a number (« +2290197000001 » as a name would otherwise be that subscriber).
  const alphanumeric = declaredTon === ALPHANUMERIC_TON;
  const from = alphanumeric ? source : source.replace(/^\+/, '');
  const to = String(pdu.destination_addr ?? '');
  if (from === '' || to === '') return { kind: 'unreadable', reason: 'no source or destination address' };
  const id = tlv(pdu, options.moMessageIdTlv);
  const part = partOf(pdu, udh);
  return {
    kind: 'message',
    from,
    // A `+` says international whatever the numeric TON (unknown, national…); an alphanumeric sender id stays one.
    fromTon: !alphanumeric && source.startsWith('+') ? 1 : declaredTon,
    to,
    text,
    ...(id ? { smscMessageId: id } : {}),
    ...(part ? { part } : {}),
  };
}

function readReceipt(pdu: smpp.PDU, text: string | undefined): DeliverSm {
  // SMPP 3.4 Appendix B: "id:IIIIIIIIII sub:SSS dlvrd:DDD submit date:… done date:… stat:DDDDDDD err:E text:…"
  const fields = Object.fromEntries([...(text ?? '').matchAll(/(\w+(?: date)?):(\S*)/gi)].map((m) => [String(m[1]).toLowerCase(), m[2] ?? '']));
  const messageId = typeof pdu.receipted_message_id === 'string' && pdu.receipted_message_id !== '' ? pdu.receipted_message_id : fields.id;
  if (!messageId) return { kind: 'unreadable', reason: 'a receipt without the id of the message it is about' };
  const byState = typeof pdu.message_state === 'number' ? STATES[pdu.message_state] : undefined;
  const state = byState ?? BY_WORD[(fields.stat ?? '').toUpperCase()];
  if (!state) return { kind: 'unreadable', reason: 'a receipt without a state' };
  const error = fields.err && !/^0+$/.test(fields.err) ? fields.err : undefined;
  return { kind: 'receipt', messageId, status: state.status, stat: state.stat, ...(error ? { error } : {}) };
}

/** The text the library decoded (GSM 03.38, Latin-1, UCS-2), and the UDH it split off. */
function textOf(pdu: smpp.PDU): { text?: string; udh: Buffer[] } {
  for (const field of ['message_payload', 'short_message'] as const) {
    const value = pdu[field] as { message?: unknown; udh?: Buffer[] } | undefined;
    if (!value || typeof value !== 'object') continue;
    const udh = Array.isArray(value.udh) ? value.udh : [];
    if (typeof value.message === 'string' && (value.message !== '' || field === 'short_message')) return { text: value.message, udh };
    if (Buffer.isBuffer(value.message) && value.message.length > 0) return { udh };
  }
  return { text: '', udh: [] };
}

/** A concatenated message's reference, count and place: UDH IEI 0x00 (8-bit ref) or 0x08 (16-bit), or the sar_* TLVs. */
function partOf(pdu: smpp.PDU, udh: Buffer[]): MobileOriginated['part'] | undefined {
  for (const ie of udh) {
    if (ie[0] === 0x00 && ie.length >= 5) return check({ ref: ie[2] as number, total: ie[3] as number, seq: ie[4] as number });
    if (ie[0] === 0x08 && ie.length >= 6) return check({ ref: ((ie[2] as number) << 8) | (ie[3] as number), total: ie[4] as number, seq: ie[5] as number });
  }
  if (typeof pdu.sar_msg_ref_num === 'number' && typeof pdu.sar_total_segments === 'number' && typeof pdu.sar_segment_seqnum === 'number') {
    return check({ ref: pdu.sar_msg_ref_num, total: pdu.sar_total_segments, seq: pdu.sar_segment_seqnum });
  }
  return undefined;
}

function check(part: { ref: number; total: number; seq: number }): MobileOriginated['part'] | undefined {
  return part.total > 1 && part.seq >= 1 && part.seq <= part.total ? part : undefined;
}

/** A TLV by tag, as text: the library's name for a known one, the raw bytes for a vendor's. */
function tlv(pdu: smpp.PDU, tag: number): string | undefined {
  const named = tag === 0x001e ? pdu.receipted_message_id : undefined;
  const value = named ?? pdu[String(tag)];
  if (typeof value === 'string') return value.replace(/\0+$/, '') || undefined;
  if (Buffer.isBuffer(value)) return value.toString('latin1').replace(/\0+$/, '') || undefined;
  return undefined;
}
