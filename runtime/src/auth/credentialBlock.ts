const RULE = '#'.repeat(78);

/**
 * A password shown to a person once, framed on its own lines: no log collector reading JSON
 * lines takes it for a log entry, and nobody scrolling a terminal misses it. Every line starts
 * with `#`, so none of it parses as JSON.
 */
export function credentialBlock(title: string, username: string, password: string, notes: string[]): string {
  return ['', RULE, `##  ${title}`, '##', `##    username: ${username}`, `##    password: ${password}`, '##', ...notes.map((n) => `##  ${n}`), RULE, ''].join('\n');
}

/** What every shown password says after it: once, not logged, and how to get another. */
export const RESET_HINT = 'Lost it? On a machine with access to the store: npx griot users reset-password';
