import { z } from 'zod';

const VendorChoice = z.object({
  vendor: z.string().min(1).max(60),
  /** Which of the account's credentials for that vendor (jambonz `label`). */
  label: z.string().min(1).max(60).optional(),
});

/**
 * The voice part of a binding's `settings`: what differs between deployments of the same flow.
 * Read leniently: a setting that does not parse is ignored (and logged by the caller), never a
 * reason to leave a caller in silence.
 */
export const VoiceSettings = z.object({
  /** TTS / STT vendor for every locale, overriding the flow's (e.g. the operator's own account). */
  tts: VendorChoice.optional(),
  asr: VendorChoice.optional(),
  /** Language of apologies when the flow cannot be reached. */
  locale: z.string().min(2).max(30).optional(),
  handoff: z
    .discriminatedUnion('mode', [
      z.object({ mode: z.literal('enqueue') }),
      z.object({
        mode: z.literal('sip'),
        sipUri: z.string().regex(/^sips?:\S+$/, 'must be a sip: or sips: URI'),
        /** Seconds to ring the agent platform before the handoff counts as unavailable. */
        timeout: z.number().int().min(5).max(120).optional(),
      }),
    ])
    .default({ mode: 'enqueue' }),
  /** Longest queue wait before the flow takes over again (`unavailable`); none when unset. */
  queueMaxWaitSeconds: z.number().int().min(10).max(3600).optional(),
  /** Music between queue announcements; a pause when unset. */
  holdMusicUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** Seconds between queue announcements. */
  queueAnnounceSeconds: z.number().int().min(5).max(300).default(20),
  /** Caller ID of the calls Griot places to call subscribers back (else GRIOT_CALLBACK_FROM, else this number). */
  callbackFrom: z
    .string()
    .regex(/^\+?\d{2,20}$/, 'must be a number such as +22921300000')
    .optional(),
});
export type VoiceSettings = z.infer<typeof VoiceSettings>;

export interface ParsedVoiceSettings {
  settings: VoiceSettings;
  /** Why part of the settings was ignored, for the log. */
  problems: string[];
}

const parsedOnce = new WeakMap<object, ParsedVoiceSettings>();

/** Reads the voice settings of a binding, keeping what parses (once per settings object). */
export function parseVoiceSettings(raw: unknown): ParsedVoiceSettings {
  if (raw !== null && typeof raw === 'object') {
    let parsed = parsedOnce.get(raw);
    if (!parsed) parsedOnce.set(raw, (parsed = readVoiceSettings(raw)));
    return parsed;
  }
  return readVoiceSettings(raw);
}

function readVoiceSettings(raw: unknown): ParsedVoiceSettings {
  const source = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const parsed = VoiceSettings.safeParse(source);
  if (parsed.success) return { settings: parsed.data, problems: [] };
  // Drop each key at fault and keep the rest.
  const bad = new Set(parsed.error.issues.map((i) => String(i.path[0] ?? '')));
  const kept = Object.fromEntries(Object.entries(source).filter(([k]) => !bad.has(k)));
  const retry = VoiceSettings.safeParse(kept);
  return {
    settings: retry.success ? retry.data : VoiceSettings.parse({}),
    problems: parsed.error.issues.map((i) => `settings.${i.path.join('.')}: ${i.message}`),
  };
}
