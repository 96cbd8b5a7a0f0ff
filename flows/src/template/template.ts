import { formatNumber, type NumberFormatting } from './formatNumber.ts';
import { MAX_VALUE_CHARS, valueTooLarge } from '../expression/valueLimits.ts';

/**
 * Prompt and request templates: `Votre solde est de {{balance | amount}}`, `{{puk | spell}}`,
 * `{{secret.API_KEY}}`. A placeholder is a variable path with optional filters; nothing else is
 * interpreted.
 */
export type TemplatePart = string | Placeholder;
export interface Placeholder {
  path: string;
  filters: TemplateFilter[];
  /** The placeholder as written, for error messages. */
  source: string;
}
export const TEMPLATE_FILTERS = ['spell', 'upper', 'lower', 'number', 'amount'] as const;
export type TemplateFilter = (typeof TEMPLATE_FILTERS)[number];

const PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/;

export interface ParsedTemplate {
  parts: TemplatePart[];
  /** Placeholders that do not parse (a bad path or an unknown filter). */
  errors: string[];
}

const cache = new Map<string, ParsedTemplate>();

interface PlaceholderMatch {
  index: number;
  /** `{{ balance | amount }}` as written. */
  source: string;
  /** What is between the braces, without the spaces around it. */
  inner: string;
}

/**
 * The placeholders of a template: `{{`, then text without braces, then `}}`; where braces nest
 * (`{{{a}}`) the innermost `{{` opens. One pass over the text: a regular expression with spaces
 * on both sides of a lazy capture backtracks quadratically on `{{` followed by thousands of
 * spaces, and froze the whole server while an editor's preview ran.
 */
function* placeholders(source: string): Generator<PlaceholderMatch> {
  let from = 0;
  for (;;) {
    const open = source.indexOf('{{', from);
    if (open < 0) return;
    // The first brace after the opening: `}}` closes it; anything else means no placeholder opens here.
    let brace = open + 2;
    while (brace < source.length && source[brace] !== '{' && source[brace] !== '}') brace++;
    if (brace >= source.length) return;
    if (source[brace] === '}' && source[brace + 1] === '}') {
      yield { index: open, source: source.slice(open, brace + 2), inner: source.slice(open + 2, brace).trim() };
      from = brace + 2;
    } else {
      // `{{a{{b}}`: the next `{{` is at most one brace back; the text in between holds none.
      from = source[brace] === '{' ? brace - 1 : brace + 1;
    }
  }
}

export function parseTemplate(source: string): ParsedTemplate {
  const hit = cache.get(source);
  if (hit) return hit;
  const parts: TemplatePart[] = [];
  const errors: string[] = [];
  let last = 0;
  for (const match of placeholders(source)) {
    if (match.index > last) parts.push(source.slice(last, match.index));
    last = match.index + match.source.length;
    const [rawPath = '', ...rawFilters] = match.inner.split('|').map((s) => s.trim());
    const path = rawPath.replace(/\[(\d+)\]/g, '.$1');
    if (!PATH.test(path)) {
      errors.push(`"${match.source}" is not a variable name`);
      parts.push(match.source);
      continue;
    }
    const unknown = rawFilters.filter((f) => !(TEMPLATE_FILTERS as readonly string[]).includes(f));
    if (unknown.length > 0) errors.push(`"${match.source}" uses unknown filter ${unknown.join(', ')}`);
    parts.push({ path, filters: rawFilters.filter((f): f is TemplateFilter => !unknown.includes(f)), source: match.source });
  }
  if (last < source.length) parts.push(source.slice(last));
  const parsed = { parts, errors };
  if (cache.size > 20000) cache.clear();
  cache.set(source, parsed);
  return parsed;
}

/** The variable paths a template reads. */
export function templatePaths(source: string): string[] {
  return parseTemplate(source).parts.flatMap((p) => (typeof p === 'string' ? [] : [p.path]));
}

/** Where a template's values come from. */
export interface TemplateValues {
  lookup(path: string): unknown;
  /** Paths whose values must not appear in the redacted rendering. */
  isSensitive(path: string): boolean;
}

export interface RenderOptions {
  values: TemplateValues;
  /** `spell` reads codes one digit at a time (voice); on a screen the code stays whole. */
  spellDigits: boolean;
  /** How values are escaped for where the text goes: SSML, a URL, a JSON string. */
  escape: 'none' | 'xml' | 'url' | 'json';
  /** Leave `{{secret.NAME}}` as written for the runtime to fill in. */
  keepSecrets?: boolean;
  /** The locale (and currency) `number` and `amount` write for; French rules when absent. */
  numbers?: NumberFormatting;
}

export interface Rendered {
  text: string;
  /** The same text with sensitive values masked; equal to `text` when nothing was masked. */
  redacted: string;
  /** Paths that had no value. */
  missing: string[];
}

export const MASK = '•••';

export function renderTemplate(source: string, options: RenderOptions): Rendered {
  if (!source.includes('{{')) return { text: source, redacted: source, missing: [] };
  let text = '';
  let redacted = '';
  const missing: string[] = [];
  /** Where the secret placeholders the template wrote start in `text`. */
  const secretsAt = new Set<number>();
  for (const part of parseTemplate(source).parts) {
    if (typeof part === 'string') {
      text += part;
      redacted += part;
      continue;
    }
    if (options.keepSecrets && part.path.startsWith('secret.')) {
      secretsAt.add(text.length);
      text += `{{${part.path}}}`;
      redacted += `{{${part.path}}}`;
      continue;
    }
    const value = options.values.lookup(part.path);
    if (value === undefined || value === null) missing.push(part.path);
    const shown = applyFilters(formatValue(value), part.filters, options);
    const escaped = escapeFor(shown, options.escape);
    const safe = options.keepSecrets && escaped.includes('{{') ? withoutPlaceholders(escaped, options.escape) : escaped;
    // Checked before joining: a rendered text is a value like any other (`valueLimits.ts`).
    if (text.length + safe.length > MAX_VALUE_CHARS) throw valueTooLarge('the rendered text', text.length + safe.length);
    text += safe;
    redacted += options.values.isSensitive(part.path) ? MASK : safe;
  }
  if (options.keepSecrets && text.includes('{{secret.')) text = withoutForgedSecrets(text, secretsAt, options.escape);
  return { text, redacted, missing };
}

/** A secret placeholder as the runtime fills it in a request (runtime/src/webhooks/performWebhook.ts). */
const SECRET_PLACEHOLDER = /\{\{secret\.[A-Za-z0-9_]+\}\}/g;

/**
 * The text with every secret placeholder the template did not write itself broken apart, as a
 * value's own are (`withoutPlaceholders`): values side by side (« { » then « {secret.TOKEN}} »),
 * or a value inside the template's braces (`{{{name}}}`), join into one no single value holds,
 * and the runtime would fill it with the secret, in a request the caller wrote.
 */
function withoutForgedSecrets(text: string, secretsAt: ReadonlySet<number>, escaping: RenderOptions['escape']): string {
  return text.replace(SECRET_PLACEHOLDER, (placeholder, at: number) => {
    if (secretsAt.has(at)) return placeholder;
    return escaping === 'json' ? `\\u007b${placeholder.slice(1)}` : `{ ${placeholder.slice(1)}`;
  });
}

function formatValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

const FRENCH: NumberFormatting = { locale: 'fr' };

function applyFilters(value: string, filters: TemplateFilter[], options: RenderOptions): string {
  let out = value;
  for (const filter of filters) {
    if (filter === 'upper') out = out.toUpperCase();
    else if (filter === 'lower') out = out.toLowerCase();
    // Codes are read one character at a time, with a pause between them, on voice; on a
    // screen they stay as one string the subscriber can copy.
    else if (filter === 'spell' && options.spellDigits) out = [...out.replace(/\s+/g, '')].join(', ');
    // 1 250 000 in French, 1,250,000 in English: as the caller reads (and the voice says) numbers.
    else if (filter === 'number' || filter === 'amount') out = formatNumber(out, filter, options.numbers ?? FRENCH);
  }
  return out;
}

/**
 * A value (a caller's words, a backend's answer) must not write `{{secret.NAME}}` into a request
 * for the runtime to fill in: in JSON the brace becomes its escape (the same string once parsed),
 * elsewhere the braces are split apart.
 */
function withoutPlaceholders(s: string, escaping: RenderOptions['escape']): string {
  return escaping === 'json' ? s.replace(/\{/g, '\\u007b') : s.replace(/\{(?=\{)/g, '{ ');
}

const XML_SPECIAL = /[&<>"]/;
const XML_SPECIALS = /[&<>"]/g;
const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

function escapeFor(s: string, escaping: RenderOptions['escape']): string {
  switch (escaping) {
    case 'xml':
      // Most values (amounts, codes, names) have nothing to escape.
      return XML_SPECIAL.test(s) ? s.replace(XML_SPECIALS, (c) => XML_ENTITIES[c] ?? c) : s;
    case 'url':
      return encodeURIComponent(s);
    case 'json':
      return JSON.stringify(s).slice(1, -1);
    default:
      return s;
  }
}

/**
 * The template with every placeholder whose path starts with variable `from` reading `to`
 * instead (`{{ solde | amount }}` → `{{ balance | amount }}`, `{{solde.xof}}` →
 * `{{balance.xof}}`); everything else as written. `uses` counts the placeholders rewritten.
 */
export function renameTemplateVariable(source: string, from: string, to: string): { text: string; uses: number } {
  let text = '';
  let last = 0;
  let uses = 0;
  for (const match of placeholders(source)) {
    const start = match.source.indexOf(match.inner);
    // The whole first name of the path (`{{soldeé}}`, `{{solde-x}}` name no `solde`).
    const head = /^[A-Za-z_][A-Za-z0-9_]*(?=$|[\s.|[])/.exec(match.inner)?.[0];
    if (head !== from) continue;
    text += source.slice(last, match.index + start) + to;
    last = match.index + start + from.length;
    uses++;
  }
  return { text: text + source.slice(last), uses };
}
