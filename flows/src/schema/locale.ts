import { z } from 'zod';
import { LocaleCode } from './common.ts';

/**
 * A locale of the flow and what the voice platform can do in it. A local language without
 * text-to-speech is served by recorded audio; one without speech recognition by keypad only.
 */
export const Locale = z
  .object({
    code: LocaleCode,
    name: z.string().min(1).max(60),
    tts: z
      .object({
        vendor: z.string().min(1).max(40),
        voice: z.string().max(80).optional(),
        /** Language tag the vendor expects, e.g. fr-FR; defaults to the locale code. */
        language: z.string().max(20).optional(),
      })
      .strict()
      .nullable()
      .default(null),
    asr: z
      .object({
        vendor: z.string().min(1).max(40),
        language: z.string().max(20).optional(),
      })
      .strict()
      .nullable()
      .default(null),
  })
  .strict();
export type Locale = z.infer<typeof Locale>;
