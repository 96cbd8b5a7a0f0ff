import { z } from 'zod';
import { DIRECTION_CONTROLS_SHOWN, holdsControlCharacter } from '../names/directionControls.ts';

/** Identifiers of nodes, options, edges and variables: stable, readable, safe in URLs and templates. */
export const Identifier = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'must start with a letter and contain only letters, digits, _ and -');

/**
 * `__proto__` is refused: JavaScript reads and writes that name as an object's prototype, so a
 * value stored under it escaped the masking of the session a tester reads.
 */
export const VariableName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^(?!__proto__$)[A-Za-z_][A-Za-z0-9_]*$/, 'must be a letter or _ followed by letters, digits or _');

/**
 * A variable named in a row the editor is still filling in (a response mapping, an assignment,
 * a slot): empty is allowed so a draft with a new row always saves; lint (`row.incomplete`)
 * keeps such a flow from being published, and the interpreter skips the row.
 */
export const DraftVariableName = z
  .string()
  .max(64)
  .regex(/^(?!__proto__$)([A-Za-z_][A-Za-z0-9_]*)?$/, 'must be a letter or _ followed by letters, digits or _');

/** BCP-47-ish locale code as editors use them: fr, en, fon, fr-BJ. */
export const LocaleCode = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language code such as fr, en, fon or fr-BJ');

export const Channel = z.enum(['voice', 'whatsapp', 'botframework', 'webchat', 'sms', 'telegram', 'messenger', 'ussd']);
export type Channel = z.infer<typeof Channel>;

/**
 * Ways a turn is answered, which change how a prompt should be worded (a variant may be keyed by
 * one): `keypad`, the phone's keys (a call, USSD: "tapez 1"); `numbered`, a menu shown as
 * numbered text, answered by writing the number ("répondez 1"); `buttons`, a menu shown as
 * buttons or a list, answered by a tap (no number to say).
 */
export const WordingFamily = z.enum(['keypad', 'numbered', 'buttons']);
export type WordingFamily = z.infer<typeof WordingFamily>;

/**
 * Which text of the flow's first language a translation or a recording was made from: a short
 * hash of it, prefixed by the hashing scheme (`s1:…`, see `sourceHash`), so a later scheme can
 * tell its own stamps from older ones and read those as unknown rather than stale.
 */
export const SourceStamp = z.string().regex(/^[a-z][a-z0-9]{0,7}:[0-9a-f]{6,64}$/, 'must be a source stamp such as s1:0a1b2c3d4e5f');

/**
 * The name of the file an editor uploaded a recording from (`audioFile`), which other editors read: no control
 * character (a line break, NUL) and no direction control (« \u202Efdp.wav » shows as « vaw.pdf »), whether it
 * comes from the designer (which cleans it as an account name, `cleanAccountName`) or straight through the API.
 */
export const AudioFileName = z
  .string()
  .min(1)
  .max(200)
  .refine((name) => !holdsControlCharacter(name), `must hold no control character nor direction control (${DIRECTION_CONTROLS_SHOWN})`);

/** One channel's or one family's wording of a prompt in a locale: used whole in place of the locale's text and audio. */
export const PromptVariant = z
  .object({
    text: z.string().max(4096).optional(),
    audio: z.string().min(1).max(200).optional(),
    /**
     * The name of the file the editor chose when uploading `audio` (`accueil-fon-studio.wav`), shown wherever the
     * recording is named to a user; `audio` is the name Griot stored it under (`fon/welcome-2.wav`). Absent: a take
     * recorded in the designer, or a recording uploaded before it was kept (the stored name is shown).
     */
    audioFile: AudioFileName.optional(),
    /** The text is a suggested translation waiting for an editor, like the locale's own (`LocalizedPrompt.needsReview`). */
    needsReview: z.boolean().optional(),
    /**
     * The first language's wording this text was translated from: its own variant of the same key,
     * else its text (see `variantSourceText`). Absent: unknown, never reported stale.
     */
    sourceStamp: SourceStamp.optional(),
  })
  .strict();
export type PromptVariant = z.infer<typeof PromptVariant>;

/**
 * A variant's key: a channel id (`Channel`) or a `WordingFamily`. Any short lower-case word is
 * read, so a flow written for a channel this Griot lacks still opens; lint reports a key that
 * is neither (`prompt.unknownVariant`) and the interpreter never picks it.
 */
export const VariantKey = z.string().regex(/^[a-z][a-z0-9]{0,31}$/, 'must be a channel (whatsapp, voice…) or keypad, numbered, buttons');

/** One locale's version of a prompt: text (a `{{variable}}` template, SSML allowed on voice) and/or recorded audio. */
export const LocalizedPrompt = z
  .object({
    text: z.string().max(4096).optional(),
    /** Name of an audio asset stored with the flow (served to voice platforms by the runtime). */
    audio: z.string().min(1).max(200).optional(),
    /**
     * The name of the file the editor chose when uploading `audio` (`accueil-fon-studio.wav`), shown wherever the
     * recording is named to a user; `audio` is the name Griot stored it under (`fon/welcome-2.wav`). Absent: a take
     * recorded in the designer, or a recording uploaded before it was kept (the stored name is shown).
     */
    audioFile: AudioFileName.optional(),
    /** The text is a suggested translation waiting for an editor: never published (lint error). */
    needsReview: z.boolean().optional(),
    /**
     * Other wordings for some channels or ways of answering (`{ "buttons": { "text": "…" } }`):
     * the most specific one that applies replaces `text` and `audio` (see `wordingKeys`).
     * Optional, so documents without it keep their content hash.
     */
    variants: z.record(VariantKey, PromptVariant).optional(),
    /**
     * The first language's text this locale's text was translated from (never on the first
     * language itself). Absent (documents written before it): unknown, never reported stale.
     * Optional, so documents without it keep their content hash.
     */
    sourceStamp: SourceStamp.optional(),
    /** The first language's text this locale's recording was made from (the first language's own recording too). */
    audioSourceStamp: SourceStamp.optional(),
  })
  .strict();
export type LocalizedPrompt = z.infer<typeof LocalizedPrompt>;

/** A prompt in every locale of the flow, keyed by locale code. */
export const Prompt = z.record(LocaleCode, LocalizedPrompt);
export type Prompt = z.infer<typeof Prompt>;

/** A short label per locale (menu options, buttons). */
export const LocalizedText = z.record(LocaleCode, z.string().max(200));
export type LocalizedText = z.infer<typeof LocalizedText>;

export const DtmfKey = z.string().regex(/^[0-9*#]$/, 'must be one keypad key: 0-9, * or #');

export const Position = z.object({ x: z.number(), y: z.number() }).strict();

/** Fields every node has, whatever its type. */
export const nodeBase = {
  id: Identifier,
  /** Short name shown on the canvas. */
  label: z.string().max(120).optional(),
  position: Position.optional(),
  notes: z.string().max(2000).optional(),
};
