import { z } from 'zod';
import { ChannelConfigError } from '../channel/ChannelConfigError.ts';

const optionalText = z.string().trim().min(1).optional();
const whole = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** The WhatsApp Cloud API settings, read from the environment. */
const WhatsAppEnv = z.object({
  /** Compared with `hub.verify_token` in Meta's subscription handshake. */
  WHATSAPP_VERIFY_TOKEN: optionalText,
  /** The Meta app secret: signs every webhook (`X-Hub-Signature-256`). */
  WHATSAPP_APP_SECRET: optionalText,
  /** The app secret being replaced, during a rotation: webhooks signed with it are still accepted (nothing is signed with it). */
  WHATSAPP_APP_SECRET_PREVIOUS: optionalText,
  /** A system-user access token with `whatsapp_business_messaging`. */
  WHATSAPP_ACCESS_TOKEN: optionalText,
  WHATSAPP_GRAPH_BASE_URL: z.url({ protocol: /^https?$/ }).default('https://graph.facebook.com'),
  WHATSAPP_GRAPH_VERSION: z
    .string()
    .trim()
    .regex(/^v[0-9]+\.[0-9]+$/, 'must look like v21.0')
    .default('v21.0'),
  WHATSAPP_SEND_TIMEOUT_MS: whole(100, 120_000).default(10_000),
  WHATSAPP_SEND_RETRIES: whole(0, 10).default(3),
  /** Approved template sent instead of a reply outside the 24-hour window; unset: nothing is sent. */
  WHATSAPP_TEMPLATE_NAME: optionalText,
  WHATSAPP_TEMPLATE_LANGUAGE: z.string().trim().min(2).max(15).default('fr'),
  /** Messages waiting to be processed before webhooks are answered 503 (Meta re-delivers). */
  WHATSAPP_MAX_PENDING: whole(1, 1_000_000).default(10_000),
  /** Messages of one subscriber waiting before their new ones are refused (503, Meta re-delivers) while others still get in. */
  WHATSAPP_MAX_PENDING_PER_SENDER: whole(1, 1_000_000).default(100),
  /** How long a process holds a message it is processing (renewed meanwhile): after a crash, another takes it over then. */
  WHATSAPP_LEASE_SECONDS: whole(1, 600).default(15),
  /** Attempts at processing a message before it is given up on (listed as failed). */
  WHATSAPP_MAX_ATTEMPTS: whole(1, 50).default(5),
});

export interface WhatsAppConfig {
  verifyToken?: string;
  appSecret?: string;
  /** The previous app secret while it is rotated: accepted on webhooks, never used otherwise. */
  previousAppSecret?: string;
  accessToken?: string;
  graphBaseUrl: string;
  graphVersion: string;
  sendTimeoutMs: number;
  sendRetries: number;
  template?: { name: string; language: string };
  maxPending: number;
  maxPendingPerSender: number;
  leaseSeconds: number;
  maxAttempts: number;
}

/** Reads the WHATSAPP_* variables; a `ChannelConfigError` names one that is invalid. Empty counts as unset. */
export function readWhatsAppConfig(env: Record<string, string | undefined>): WhatsAppConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('WHATSAPP_') && v !== undefined && v.trim() !== ''));
  const parsed = WhatsAppEnv.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ChannelConfigError(String(issue.path[0]), issue.message);
  }
  const e = parsed.data;
  return {
    ...(e.WHATSAPP_VERIFY_TOKEN ? { verifyToken: e.WHATSAPP_VERIFY_TOKEN } : {}),
    ...(e.WHATSAPP_APP_SECRET ? { appSecret: e.WHATSAPP_APP_SECRET } : {}),
    ...(e.WHATSAPP_APP_SECRET_PREVIOUS ? { previousAppSecret: e.WHATSAPP_APP_SECRET_PREVIOUS } : {}),
    ...(e.WHATSAPP_ACCESS_TOKEN ? { accessToken: e.WHATSAPP_ACCESS_TOKEN } : {}),
    graphBaseUrl: e.WHATSAPP_GRAPH_BASE_URL.replace(/\/+$/, ''),
    graphVersion: e.WHATSAPP_GRAPH_VERSION,
    sendTimeoutMs: e.WHATSAPP_SEND_TIMEOUT_MS,
    sendRetries: e.WHATSAPP_SEND_RETRIES,
    ...(e.WHATSAPP_TEMPLATE_NAME ? { template: { name: e.WHATSAPP_TEMPLATE_NAME, language: e.WHATSAPP_TEMPLATE_LANGUAGE } } : {}),
    maxPending: e.WHATSAPP_MAX_PENDING,
    maxPendingPerSender: e.WHATSAPP_MAX_PENDING_PER_SENDER,
    leaseSeconds: e.WHATSAPP_LEASE_SECONDS,
    maxAttempts: e.WHATSAPP_MAX_ATTEMPTS,
  };
}
