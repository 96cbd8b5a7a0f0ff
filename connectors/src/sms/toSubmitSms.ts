import { createHash } from 'node:crypto';
import { encodeGsm7, planSms, SMS_LIMITS } from '@griot/flows';

/** Where a reply goes: from the short code to the subscriber. */
export interface SmsAddressing {
  /** The short code (`1919`), with the configured TON/NPI. */
  source: { addr: string; ton: number; npi: number };
  /** The subscriber, as in the conversation (`subscriberAddress`). */
  to: string;
  registeredDelivery: boolean;
}

/**
 * The `submit_sm` fields for one text: GSM 03.38 (`data_coding` 0) when every character is in
 * it, else UCS-2 (8); past one SMS, parts with a concatenation UDH (`esm_class` 0x40, IEI 0x00:
 * reference, count, place) that the handset joins back in order. The reference derives from
 * `key` (the reply's idempotency key), so parts sent again carry the same one.
 *
 * Why UDH rather than separate SMS cut at sentences: separate SMS travel independently and may
 * arrive out of order (a menu's options before its question); parts of one concatenated SMS are
 * shown as one message, in order. Texts longer than one concatenated SMS (the channel's
 * `textMaxLength`) were already split at paragraphs and sentences by `renderReplies`.
 */
export function toSubmitSms(text: string, to: SmsAddressing, key: string): Record<string, unknown>[] {
  const plan = planSms(text);
  const { dataCoding } = SMS_LIMITS[plan.encoding];
  const base = {
    source_addr_ton: to.source.ton,
    source_addr_npi: to.source.npi,
    source_addr: to.source.addr,
    ...destination(to.to),
    registered_delivery: to.registeredDelivery ? 1 : 0,
    data_coding: dataCoding,
  };
  const encode = (part: string) => (plan.encoding === 'gsm7' ? Buffer.from(encodeGsm7(part)) : Buffer.from(part, 'utf16le').swap16());
  if (plan.parts.length === 1) return [{ ...base, esm_class: 0, short_message: encode(text) }];
  const ref = createHash('sha256').update(key).digest()[0] as number;
  return plan.parts.map((part, i) => ({
    ...base,
    esm_class: 0x40,
    short_message: Buffer.concat([Buffer.from([0x05, 0x00, 0x03, ref, plan.parts.length, i + 1]), encode(part)]),
  }));
}

/**
 * A subscriber in a conversation key: an international number as E.164 digits without `+` (as
 * the handoff names conversations on other channels: `sms:1919:22901…`), any other as
 * `<address>~<TON>`, so a reply goes back with the type of number it came with.
 */
export function subscriberAddress(addr: string, ton: number): string {
  return ton === 1 ? addr : `${addr}~${ton}`;
}

function destination(to: string): Record<string, unknown> {
  const other = /^(.+)~(\d+)$/.exec(to);
  if (other) return { dest_addr_ton: Number(other[2]), dest_addr_npi: 1, destination_addr: other[1] };
  return { dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: to.replace(/^\+/, '') };
}
