import { MASK } from '@griot/flows';

/** Shorter values are not masked: replacing every `123` in a body would make it unreadable, and such a secret protects nothing. */
export const MIN_MASKED_SECRET = 4;

const formsOf = new Map<string, string[]>();

/**
 * How a secret's value may appear in what comes back: as set, URL-encoded (a backend quoting the
 * request line, or form-encoded with `+` for a space), JSON-escaped, and base64 (standard and URL-safe) of the value alone.
 */
function secretForms(value: string): string[] {
  let forms = formsOf.get(value);
  if (!forms) {
    const base64 = Buffer.from(value, 'utf8').toString('base64');
    forms = [
      value,
      encodeURIComponent(value),
      encodeURIComponent(value).replace(/%20/g, '+'),
      JSON.stringify(value).slice(1, -1),
      base64,
      base64.replace(/=+$/, ''),
      Buffer.from(value, 'utf8').toString('base64url'),
    ];
    if (formsOf.size > 1000) formsOf.clear();
    formsOf.set(value, forms);
  }
  return forms;
}

/**
 * Replaces secret values with `•••` in a text someone will read: a response body shown to a
 * tester or fed to the flow, an error message, a log line. `values` are every secret configured
 * on the server; `extra` what this request made of them (the base64 of `user:token` in a Basic
 * Authorization header).
 */
export function secretScrubber(values: Iterable<string>, extra: Iterable<string> = []): (text: string) => string {
  const forms = new Set<string>();
  for (const value of values) if (value.length >= MIN_MASKED_SECRET) for (const form of secretForms(value)) forms.add(form);
  for (const form of extra) if (form.length >= MIN_MASKED_SECRET) forms.add(form);
  // The longest first: a value's base64 may contain a shorter secret.
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  if (ordered.length === 0) return (text) => text;
  return (text) => {
    let safe = text;
    for (const form of ordered) if (safe.includes(form)) safe = safe.split(form).join(MASK);
    return safe;
  };
}
