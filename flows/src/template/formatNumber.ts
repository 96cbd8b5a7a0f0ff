/** How `{{x | number}}` and `{{x | amount}}` write numbers: the session's locale and the flow's currency. */
export interface NumberFormatting {
  /** The contact's locale (`fr`, `en`, `fon`…). */
  locale: string;
  /** Used when the runtime has no number rules for `locale` (a local language): the flow's default locale. */
  fallbackLocale?: string | undefined;
  /** ISO 4217 code for `amount`; XOF (franc CFA) when unset. */
  currency?: string | undefined;
}

export type NumberStyle = 'number' | 'amount';

/** Only plain decimal numbers are formatted ("1250000", "-5000", "12.5"); anything else is left as written. */
const DECIMAL = /^-?\d+(\.\d+)?$/;
const formats = new Map<string, Intl.NumberFormat>();

function supported(locale: string | undefined): string | undefined {
  if (!locale) return undefined;
  try {
    return Intl.NumberFormat.supportedLocalesOf([locale])[0];
  } catch {
    // Not a well-formed language tag.
    return undefined;
  }
}

function formatFor(style: NumberStyle, how: NumberFormatting): Intl.NumberFormat {
  const locale = supported(how.locale) ?? supported(how.fallbackLocale) ?? 'fr';
  const currency = how.currency ?? 'XOF';
  const key = `${style}|${locale}|${currency}`;
  let format = formats.get(key);
  if (!format) {
    format = style === 'amount' ? new Intl.NumberFormat(locale, { style: 'currency', currency }) : new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    if (formats.size > 500) formats.clear();
    formats.set(key, format);
  }
  return format;
}

/**
 * A number as people of that locale write it: `1 250 000` in French, `1,250,000` in English;
 * with `amount`, the currency too (`1 250 000 F CFA`). A language the runtime has no rules for
 * (Fon, Wolof…) is written as the flow's default locale writes it. A value that is not a plain
 * number is returned unchanged, so a template never loses what it received.
 */
export function formatNumber(value: string, style: NumberStyle, how: NumberFormatting): string {
  const text = value.trim();
  if (!DECIMAL.test(text)) return value;
  const n = Number(text);
  if (!Number.isFinite(n)) return value;
  return formatFor(style, how).format(n);
}
