import {
  VARIANT_KEYS,
  definitionOf,
  recordingsOnlyLocales,
  staleInLabel,
  staleInPrompt,
  staleVariantsInPrompt,
  variantSourceText,
  variantsToTranslate,
  type Flow,
  type FlowNode,
  type Locale,
  type Prompt,
} from '@griot/flows';

export interface TranslationRow {
  key: string;
  nodeId: string;
  nodeLabel: string;
  /** `prompt`, `noMatchPrompt`, `options.0.label`… */
  field: string;
  kind: 'prompt' | 'label';
  /** A prompt's wording for one channel or way of answering (`sms`, `keypad`): its row follows the prompt's own. */
  variant?: string;
  /** A variant's first-language wording its translations are made from: its own, else the prompt's text. */
  variantSource?: string;
  /** Per locale: the text, the recording, and what is missing. */
  cells: Record<string, TranslationCell>;
}

export interface TranslationCell {
  text: string;
  audio?: string | undefined;
  /** The name of the file the editor uploaded as `audio` (`accueil-fon-studio.wav`): what the table names the recording by. */
  audioFile?: string | undefined;
  /** Not asked in this locale (a language menu offers only some). */
  notApplicable: boolean;
  missing: 'text' | 'audio' | null;
  /** A suggested translation an editor has not reviewed yet (never published so). */
  needsReview: boolean;
  /** A variant this locale does not have: the locale's own text is said there instead. */
  fallsBack?: boolean;
  /**
   * A locale with recordings only (no voice, such as Fon): what a subscriber reads here (a text
   * channel's wording, an option's label) is the flow's written language's (this code), not owed
   * in this locale. Its text is that language's, shown as such.
   */
  writtenIn?: string;
  /**
   * The text and/or recording was made from an earlier text of the flow's first language
   * ("to check"), with the stamps of that earlier text (to find it in older versions).
   */
  stale?: { text: boolean; audio: boolean; stamps: string[] };
}

/** Variants said on a call (where a locale without a voice needs a recording): the call's own and the keypad's. */
const SPOKEN_VARIANTS: ReadonlySet<string> = new Set(['voice', 'keypad']);

/**
 * Every prompt and label of the flow × every locale, missing ones marked as the lint would mark
 * them; under a prompt, a row per variant (channel or way of answering) any locale has, so a
 * translator sees the SMS or USSD wording of one language beside the others'. A variant the
 * flow's first language has is missing in the others until written there.
 */
export function translationRows(doc: Flow): TranslationRow[] {
  const rows: TranslationRow[] = [];
  // The written language a recordings-only locale's readers get: the first with a voice (the flow's default, French on the 1919 line).
  const written = doc.locales.find((l) => l.tts)?.code;
  const recordingsOnly = recordingsOnlyLocales(doc);
  for (const node of doc.nodes) {
    const offered = node.type === 'language' ? new Set(node.options.map((o) => o.locale)) : null;
    const notAsked = (code: string) => !!offered && !offered.has(code);
    for (const text of definitionOf(node).texts?.(node) ?? []) {
      const cells: Record<string, TranslationCell> = {};
      for (const locale of doc.locales) {
        cells[locale.code] = cellOf(text.kind === 'prompt' ? text.prompt[locale.code] : text.label[locale.code], locale, text.kind, notAsked(locale.code));
        if (text.kind === 'label' && written && recordingsOnly.has(locale.code)) {
          // A recordings-only language's button reads the written language's label: not owed, said so (an own label, once written, is kept).
          const own = text.label[locale.code]?.trim() ?? '';
          const cell = cells[locale.code] as TranslationCell;
          if (!cell.notApplicable && (own === '' || own === text.label[written]?.trim())) cells[locale.code] = { ...cell, text: '', missing: null, writtenIn: written };
        }
      }
      if (text.kind === 'prompt') {
        for (const { locale, ...stale } of staleInPrompt(text.prompt, doc.locales[0]?.code ?? '')) {
          const cell = cells[locale];
          if (cell && !cell.notApplicable) cell.stale = stale;
        }
      } else {
        for (const { locale, ...stale } of staleInLabel(text.label, labelStampsOf(node, text.field), doc.locales[0]?.code ?? '')) {
          const cell = cells[locale];
          if (cell && !cell.notApplicable && !cell.writtenIn) cell.stale = stale;
        }
      }
      const row = { nodeId: node.id, nodeLabel: node.label || node.id, field: text.field, kind: text.kind };
      rows.push({ key: `${node.id}|${text.field}`, ...row, cells });
      if (text.kind !== 'prompt') continue;
      const source = doc.locales[0]?.code ?? '';
      for (const variant of variantKeys(text.prompt)) {
        const variantCells: Record<string, TranslationCell> = {};
        for (const locale of doc.locales) {
          // The first language's wording, where the prompt is said in a way that uses it (a call only: a call's variants).
          const expected = (!text.spokenOnly || SPOKEN_VARIANTS.has(variant)) && variantsToTranslate(text.prompt, source, locale.code).includes(variant);
          // A language without a voice whose version of this prompt is a recording only: text channels show the written language's wording.
          const readsWritten = written !== undefined && written !== locale.code && !locale.tts && !text.prompt[locale.code]?.text?.trim();
          variantCells[locale.code] = variantCellOf(text.prompt, variant, locale, notAsked(locale.code), expected, readsWritten ? written : undefined);
        }
        for (const { locale, variant: key, ...stale } of staleVariantsInPrompt(text.prompt, source)) {
          const cell = variantCells[locale];
          if (key === variant && cell && !cell.notApplicable && !cell.fallsBack) cell.stale = stale;
        }
        rows.push({ key: `${node.id}|${text.field}|${variant}`, ...row, variant, variantSource: variantSourceText(text.prompt, source, variant) ?? '', cells: variantCells });
      }
    }
  }
  return rows;
}

/** The label stamps of a menu option's label (`options.0.label`); none for other labels. */
function labelStampsOf(node: FlowNode, field: string): Record<string, string> | undefined {
  const index = /^options\.(\d+)\.label$/.exec(field)?.[1];
  return node.type === 'menu' && index !== undefined ? node.options[Number(index)]?.labelSourceStamps : undefined;
}

/** The variant keys some locale of the prompt has, known ones only, in `VARIANT_KEYS` order (a key that is neither a channel nor a way of answering is never said: lint reports it). */
function variantKeys(prompt: Prompt): string[] {
  const present = new Set(Object.values(prompt).flatMap((version) => Object.keys(version.variants ?? {})));
  return VARIANT_KEYS.filter((key) => present.has(key));
}

/**
 * One locale's variant: absent, the locale's own text is said, which is missing only where the
 * flow's first language has this wording (`expected`: lint warns); present and empty, the same;
 * said on a call in a locale without a voice, it needs a recording of its own (lint refuses).
 */
function variantCellOf(prompt: Prompt, key: string, locale: Locale, notApplicable: boolean, expected: boolean, written: string | undefined): TranslationCell {
  const variant = prompt[locale.code]?.variants?.[key];
  const text = variant?.text ?? '';
  if (written && !SPOKEN_VARIANTS.has(key) && !text.trim() && !variant?.audio) {
    // A recordings-only language on a text channel (WhatsApp, SMS): its recording, or the written language's wording. Nothing to write.
    return { text: '', notApplicable, missing: null, needsReview: false, fallsBack: true, writtenIn: written };
  }
  let missing: TranslationCell['missing'] = null;
  if (!notApplicable && (variant || expected)) {
    if (!text.trim() && !variant?.audio) missing = locale.tts || !SPOKEN_VARIANTS.has(key) ? 'text' : 'audio';
    else if (!locale.tts && !variant?.audio && SPOKEN_VARIANTS.has(key)) missing = 'audio';
  }
  if (!variant) return { text: '', notApplicable, missing, needsReview: false, fallsBack: true };
  return { text, audio: variant.audio, ...(variant.audioFile ? { audioFile: variant.audioFile } : {}), notApplicable, missing, needsReview: variant.needsReview === true };
}

type CellValue = { text?: string | undefined; audio?: string | undefined; audioFile?: string | undefined; needsReview?: boolean | undefined } | string | undefined;

function cellOf(value: CellValue, locale: Locale, kind: 'prompt' | 'label', notApplicable: boolean): TranslationCell {
  if (kind === 'label') {
    const text = typeof value === 'string' ? value : '';
    return { text, notApplicable, missing: notApplicable || text.trim() ? null : 'text', needsReview: false };
  }
  const version = typeof value === 'object' ? value : undefined;
  const text = version?.text ?? '';
  const audio = version?.audio;
  let missing: TranslationCell['missing'] = null;
  if (!notApplicable) {
    if (!text.trim() && !audio) missing = locale.tts ? 'text' : 'audio';
    else if (!locale.tts && !audio) missing = 'audio';
  }
  return { text, audio, ...(version?.audioFile ? { audioFile: version.audioFile } : {}), notApplicable, missing, needsReview: version?.needsReview === true };
}

export function hasMissing(row: TranslationRow, locale?: string): boolean {
  return Object.entries(row.cells).some(([code, cell]) => (locale === undefined || code === locale) && cell.missing !== null);
}

export function hasToReview(row: TranslationRow, locale?: string): boolean {
  return Object.entries(row.cells).some(([code, cell]) => (locale === undefined || code === locale) && cell.needsReview);
}

/** A prompt with no recording in `locale` (or in any locale) where one could be played: a variant only where it is said on a call. */
export function lacksRecording(row: TranslationRow, locale?: string): boolean {
  if (row.kind !== 'prompt' || (row.variant !== undefined && !SPOKEN_VARIANTS.has(row.variant))) return false;
  return Object.entries(row.cells).some(([code, cell]) => (locale === undefined || code === locale) && !cell.notApplicable && !cell.fallsBack && !cell.audio);
}

/** A translation or recording made from an earlier first-language text, in `locale` (or in any locale). */
export function hasStale(row: TranslationRow, locale?: string): boolean {
  return Object.entries(row.cells).some(([code, cell]) => (locale === undefined || code === locale) && cell.stale !== undefined);
}
