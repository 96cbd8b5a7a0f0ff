import { z } from 'zod';
import { checkAgentTarget } from '@griot/connectors/voice/agentTarget';

/**
 * Callbacks out: when an agent takes a callback request, Griot calls the subscriber through
 * jambonz's REST API and puts them through to the agent. All optional: without the jambonz API
 * settings, agents dial by hand as before.
 */
export const callbacksOutEnv = {
  JAMBONZ_API_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://jambonz.example/v1' }).optional(),
  JAMBONZ_ACCOUNT_SID: z.string().trim().min(1).max(64).optional(),
  JAMBONZ_API_KEY: z.string().trim().min(1).optional(),
  JAMBONZ_API_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  GRIOT_CALLBACK_FROM: z
    .string()
    .trim()
    .regex(/^\+?\d{2,20}$/, 'must be a number such as +22921300000')
    .optional(),
  GRIOT_CALLBACK_AGENT_TARGET: z
    .string()
    .trim()
    .superRefine((template, ctx) => {
      const check = checkAgentTarget(template);
      if (!check.ok) ctx.addIssue({ code: 'custom', message: `must be ${check.problem}` });
    })
    .optional(),
  GRIOT_CALLBACK_RING_SECONDS: z.coerce.number().int().min(5).max(120).default(30),
  GRIOT_CALLBACK_SPEECH: z
    .string()
    .trim()
    .regex(/^[^,\s]+,[^,\s]+,[^,\s]+$/, 'must be vendor,language,voice such as google,fr-FR,fr-FR-Wavenet-A')
    .optional(),
};

type CallbacksOutEnv = z.output<z.ZodObject<typeof callbacksOutEnv>>;

export interface CallbacksOutConfig {
  api: { baseUrl: string; accountSid: string; apiKey: string; timeoutMs: number };
  /** Caller ID when the binding has no `callbackFrom` (else the number the subscriber called). */
  from?: string;
  /** `sip:{{agent}}@…`, `user:{{agent}}` or a number. */
  agentTarget: string;
  /** Seconds to ring the subscriber, then the agent. */
  ringSeconds: number;
  /** The call's speech defaults when the flow has no complete voice for the greeting. */
  speech?: { vendor: string; language: string; voice: string };
  /** Griot's public URL, where jambonz requests the callback hooks. */
  publicUrl: string;
}

export type CallbacksOutSetting = { ok: true; config?: CallbacksOutConfig } | { ok: false; variable: string; message: string };

/** The settings together: the API trio all or none, and with it an agent target and Griot's public URL. */
export function callbacksOutConfig(e: CallbacksOutEnv, publicUrl: string | undefined): CallbacksOutSetting {
  const trio = { JAMBONZ_API_BASE_URL: e.JAMBONZ_API_BASE_URL, JAMBONZ_ACCOUNT_SID: e.JAMBONZ_ACCOUNT_SID, JAMBONZ_API_KEY: e.JAMBONZ_API_KEY };
  const missing = Object.entries(trio)
    .filter(([, v]) => !v)
    .map(([k]) => k);
  if (missing.length === 3) return { ok: true };
  const placing = 'callbacks out (calls placed through the jambonz REST API)';
  if (missing.length > 0) return { ok: false, variable: missing[0]!, message: `${placing} need JAMBONZ_API_BASE_URL, JAMBONZ_ACCOUNT_SID and JAMBONZ_API_KEY together` };
  if (!e.GRIOT_CALLBACK_AGENT_TARGET) return { ok: false, variable: 'GRIOT_CALLBACK_AGENT_TARGET', message: `${placing} need to know how to reach the agent, e.g. sip:{{agent}}@agents.example.bj` };
  if (!publicUrl) return { ok: false, variable: 'GRIOT_PUBLIC_URL', message: `${placing} need the URL jambonz reaches Griot at, for the calls' hooks` };
  const [vendor, language, voice] = e.GRIOT_CALLBACK_SPEECH?.split(',') ?? [];
  return {
    ok: true,
    config: {
      api: { baseUrl: trio.JAMBONZ_API_BASE_URL!, accountSid: trio.JAMBONZ_ACCOUNT_SID!, apiKey: trio.JAMBONZ_API_KEY!, timeoutMs: e.JAMBONZ_API_TIMEOUT_MS },
      ...(e.GRIOT_CALLBACK_FROM ? { from: e.GRIOT_CALLBACK_FROM } : {}),
      agentTarget: e.GRIOT_CALLBACK_AGENT_TARGET,
      ringSeconds: e.GRIOT_CALLBACK_RING_SECONDS,
      ...(vendor && language && voice ? { speech: { vendor, language, voice } } : {}),
      publicUrl,
    },
  };
}
