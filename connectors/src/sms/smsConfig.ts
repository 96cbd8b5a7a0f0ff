import { z } from 'zod';
import { ChannelConfigError } from '../channel/ChannelConfigError.ts';

const whole = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
/** A TON or NPI (SMPP 3.4 §5.2.5–5.2.6): one octet. */
const octet = whole(0, 255);

/** The SMPP settings, read from the environment. */
const SmppEnv = z.object({
  /** The operator's SMSC: `smpp://host:2775` (or `ssmpp://` over TLS). Unset: SMS is off. */
  SMPP_URL: z.url({ protocol: /^s?smpp$/, error: 'must look like smpp://smsc.example:2775' }).optional(),
  /** The ESME account the SMSC gave Griot (`system_id`, at most 15 characters). */
  SMPP_SYSTEM_ID: z.string().trim().min(1).max(15).optional(),
  /** Its password (at most 8 characters in SMPP 3.4). */
  SMPP_PASSWORD: z.string().min(1).max(8).optional(),
  SMPP_SYSTEM_TYPE: z.string().trim().max(12).default(''),
  /** TON/NPI of the short code Griot answers from (0/0: the SMSC decides; 3 network specific or 6 abbreviated for short codes on some SMSCs). */
  SMPP_SOURCE_TON: octet.default(0),
  SMPP_SOURCE_NPI: octet.default(0),
  /** Seconds between `enquire_link`s while bound; the link is dropped and bound again when one is not answered in time. */
  SMPP_ENQUIRE_LINK_SECONDS: whole(1, 600).default(30),
  /** Seconds the SMSC has to answer a request (`bind`, `submit_sm`, `enquire_link`). */
  SMPP_RESPONSE_TIMEOUT_SECONDS: whole(1, 300).default(10),
  /** `submit_sm`s sent and not yet answered, at most (the SMSC's window). */
  SMPP_WINDOW: whole(1, 1000).default(10),
  /** `submit_sm`s per second at most (the SMSC's throughput); 0: no limit but the window. */
  SMPP_MAX_SUBMITS_PER_SECOND: whole(0, 100_000).default(0),
  /** Delivery receipts asked for (`registered_delivery` 1): receipts update the ledger. */
  SMPP_DELIVERY_RECEIPTS: z.enum(['0', '1']).default('1'),
  /**
   * The TLV carrying the SMSC's own id of a subscriber's message, when it gives one (decimal or
   * 0x tag, e.g. 0x001E receipted_message_id or a vendor tag): re-deliveries are then recognised
   * exactly. Without it, see `moDedupeKey`.
   */
  SMPP_MO_MESSAGE_ID_TLV: z
    .string()
    .trim()
    .regex(/^(0x[0-9a-fA-F]{1,4}|[0-9]{1,5})$/, 'must be a TLV tag, e.g. 0x001E')
    .default('0x001E'),
  /** How long a process holds a message it is processing (renewed meanwhile): after a crash, another takes it over then. */
  SMPP_LEASE_SECONDS: whole(1, 600).default(15),
  /** Attempts at processing a message before it is given up on (listed as failed). */
  SMPP_MAX_ATTEMPTS: whole(1, 50).default(5),
  /** Messages waiting to be processed before `deliver_sm` is answered ESME_RMSGQFUL (the SMSC re-delivers later). */
  SMPP_MAX_PENDING: whole(1, 1_000_000).default(10_000),
  /** SMS of one subscriber waiting before theirs are answered ESME_RMSGQFUL (the SMSC re-delivers) while others still get in. */
  SMPP_MAX_PENDING_PER_SENDER: whole(1, 1_000_000).default(100),
});

export interface SmsConfig {
  /** Absent: SMS is not configured (the channel is mounted and stays unbound). */
  smsc?: { host: string; port: number; tls: boolean; systemId: string; password: string; systemType: string };
  source: { ton: number; npi: number };
  enquireLinkMs: number;
  responseTimeoutMs: number;
  window: number;
  maxSubmitsPerSecond: number;
  deliveryReceipts: boolean;
  moMessageIdTlv: number;
  leaseSeconds: number;
  maxAttempts: number;
  maxPending: number;
  maxPendingPerSender: number;
}

/** Reads the SMPP_* variables; a `ChannelConfigError` names one that is invalid. Empty counts as unset. */
export function readSmsConfig(env: Record<string, string | undefined>): SmsConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('SMPP_') && v !== undefined && v.trim() !== ''));
  const parsed = SmppEnv.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ChannelConfigError(String(issue.path[0]), issue.message);
  }
  const e = parsed.data;
  let smsc: SmsConfig['smsc'];
  if (e.SMPP_URL) {
    // The bind is what authenticates Griot to the SMSC (and the only way anything reaches Griot): no anonymous bind.
    if (!e.SMPP_SYSTEM_ID) throw new ChannelConfigError('SMPP_SYSTEM_ID', 'is required with SMPP_URL');
    if (!e.SMPP_PASSWORD) throw new ChannelConfigError('SMPP_PASSWORD', 'is required with SMPP_URL');
    const url = new URL(e.SMPP_URL);
    const tls = url.protocol === 'ssmpp:';
    smsc = {
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port ? Number(url.port) : tls ? 3550 : 2775,
      tls,
      systemId: e.SMPP_SYSTEM_ID,
      password: e.SMPP_PASSWORD,
      systemType: e.SMPP_SYSTEM_TYPE,
    };
  }
  return {
    ...(smsc ? { smsc } : {}),
    source: { ton: e.SMPP_SOURCE_TON, npi: e.SMPP_SOURCE_NPI },
    enquireLinkMs: e.SMPP_ENQUIRE_LINK_SECONDS * 1000,
    responseTimeoutMs: e.SMPP_RESPONSE_TIMEOUT_SECONDS * 1000,
    window: e.SMPP_WINDOW,
    maxSubmitsPerSecond: e.SMPP_MAX_SUBMITS_PER_SECOND,
    deliveryReceipts: e.SMPP_DELIVERY_RECEIPTS === '1',
    moMessageIdTlv: Number(e.SMPP_MO_MESSAGE_ID_TLV),
    leaseSeconds: e.SMPP_LEASE_SECONDS,
    maxAttempts: e.SMPP_MAX_ATTEMPTS,
    maxPending: e.SMPP_MAX_PENDING,
    maxPendingPerSender: e.SMPP_MAX_PENDING_PER_SENDER,
  };
}
