/** `{{secret.` and the part of a name typed after it, at the end of what was typed. */
const OPEN_SECRET = /\{\{\s*secret\.([A-Za-z0-9_]*)$/;

/** The secret names that complete what ends `text`, or null when `text` does not end inside `{{secret.`. */
export function secretCompletions(text: string, names: readonly string[]): { typed: string; names: string[] } | null {
  const match = OPEN_SECRET.exec(text);
  if (!match) return null;
  const typed = match[1] ?? '';
  return { typed, names: names.filter((name) => name.toUpperCase().startsWith(typed.toUpperCase())) };
}

/** `text` with the open `{{secret.<typed>` completed to `{{secret.NAME}}`. */
export function completeSecret(text: string, name: string): string {
  return text.replace(OPEN_SECRET, `{{secret.${name}}}`);
}
