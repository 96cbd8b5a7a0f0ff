import { definitionOf, type Flow, type Locale } from '@griot/flows';

export interface TranslationRow {
  key: string;
  nodeId: string;
  nodeLabel: string;
  /** `prompt`, `noMatchPrompt`, `options.0.label`… */
  field: string;
  kind: 'prompt' | 'label';
  /** Per locale: the text, the recording, and what is missing. */
  cells: Record<string, TranslationCell>;
}

export interface TranslationCell {
  text: string;
  audio?: string | undefined;
  /** Not asked in this locale (a language menu offers only some). */
  notApplicable: boolean;
  missing: 'text' | 'audio' | null;
  /** A suggested translation an editor has not reviewed yet (never published so). */
  needsReview: boolean;
}

/** Every prompt and label of the flow × every locale, missing ones marked as the lint would mark them. */
export function translationRows(doc: Flow): TranslationRow[] {
  const rows: TranslationRow[] = [];
  for (const node of doc.nodes) {
    const offered = node.type === 'language' ? new Set(node.options.map((o) => o.locale)) : null;
    for (const text of definitionOf(node).texts?.(node) ?? []) {
      const cells: Record<string, TranslationCell> = {};
      for (const locale of doc.locales) {
        cells[locale.code] = cellOf(text.kind === 'prompt' ? text.prompt[locale.code] : text.label[locale.code], locale, text.kind, !!offered && !offered.has(locale.code));
      }
      rows.push({ key: `${node.id}|${text.field}`, nodeId: node.id, nodeLabel: node.label || node.id, field: text.field, kind: text.kind, cells });
    }
  }
  return rows;
}

type CellValue = { text?: string | undefined; audio?: string | undefined; needsReview?: boolean | undefined } | string | undefined;

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
  return { text, audio, notApplicable, missing, needsReview: version?.needsReview === true };
}

export function hasMissing(row: TranslationRow, locale?: string): boolean {
  return Object.entries(row.cells).some(([code, cell]) => (locale === undefined || code === locale) && cell.missing !== null);
}

export function hasToReview(row: TranslationRow, locale?: string): boolean {
  return Object.entries(row.cells).some(([code, cell]) => (locale === undefined || code === locale) && cell.needsReview);
}

/** A prompt with no recording in `locale` (or in any locale) where one could be played. */
export function lacksRecording(row: TranslationRow, locale?: string): boolean {
  if (row.kind !== 'prompt') return false;
  return Object.entries(row.cells).some(([code, cell]) => (locale === undefined || code === locale) && !cell.notApplicable && !cell.audio);
}
