import { useTranslation } from 'react-i18next';

/** How figures are written in the designer's language: French spaces and commas, or English. */
export interface FigureFormat {
  /** 1 234 / 1,234 */
  count(n: number): string;
  /** 33,3 % / 33.3%; a dash for no figure. */
  percent(ratio: number | null): string;
  /** 3,67 / 3.67; a dash for no figure. */
  decimal(n: number | null, digits?: number): string;
  /** 1 min 05 s, 2 h 03 min; a dash for no figure. */
  duration(seconds: number | null): string;
  /** The start of an hour: "mer. 19 nov., 14 h" / "Wed 19 Nov, 14:00". */
  hour(at: Date): string;
  /** A day: "mer. 19 nov." / "Wed 19 Nov". */
  day(at: Date): string;
  /** A moment: "19/11/2026 14:05". */
  dateTime(at: Date): string;
  /** A time of day: "14:05:09". */
  time(at: Date): string;
}

const DASH = '—';
const cache = new Map<string, FigureFormat>();

/** The BCP 47 tag for the designer's language (English as written in Britain: a 24-hour clock). */
export const localeTag = (language: string) => (language.startsWith('en') ? 'en-GB' : 'fr-FR');

export function figureFormat(language: string): FigureFormat {
  const tag = localeTag(language);
  const known = cache.get(tag);
  if (known) return known;
  // Made on first use: the editor's cards and edges ask for the format as they are drawn, but write a figure only with
  // the analytics overlay on; seven formatters made at the flow's opening cost ~100 ms on a loaded laptop.
  const integer = once(() => new Intl.NumberFormat(tag, { maximumFractionDigits: 0 }));
  const percent = once(() => new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 1 }));
  const decimals = new Map<number, Intl.NumberFormat>();
  const decimal = (digits: number) => {
    let f = decimals.get(digits);
    if (!f) decimals.set(digits, (f = new Intl.NumberFormat(tag, { maximumFractionDigits: digits })));
    return f;
  };
  const hour = once(() => new Intl.DateTimeFormat(tag, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }));
  const day = once(() => new Intl.DateTimeFormat(tag, { weekday: 'short', day: 'numeric', month: 'short' }));
  const dateTime = once(() => new Intl.DateTimeFormat(tag, { dateStyle: 'short', timeStyle: 'short' }));
  const time = once(() => new Intl.DateTimeFormat(tag, { timeStyle: 'medium' }));
  const format: FigureFormat = {
    count: (n) => integer().format(n),
    percent: (ratio) => (ratio === null ? DASH : percent().format(ratio)),
    decimal: (n, digits = 2) => (n === null ? DASH : decimal(digits).format(n)),
    duration: (seconds) => {
      if (seconds === null) return DASH;
      const s = Math.round(seconds);
      if (s < 60) return `${s} s`;
      if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
      return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
    },
    hour: (at) => hour().format(at),
    day: (at) => day().format(at),
    dateTime: (at) => dateTime().format(at),
    time: (at) => time().format(at),
  };
  cache.set(tag, format);
  return format;
}

function once<T>(make: () => T): () => T {
  let made: T | undefined;
  return () => (made ??= make());
}

/** The figure format of the language on screen; changes with it. */
export function useFigureFormat(): FigureFormat {
  const { i18n } = useTranslation();
  return figureFormat(i18n.language);
}
