import type { BrowserContext } from 'playwright-core';

/**
 * What the pages of a browser context were refused by their Content-Security-Policy, as the
 * page's `securitypolicyviolation` events and Chromium's console report it
 * (`directive blocked-uri`, `console: …`). Call before the first page is opened.
 */
export async function watchCspViolations(context: BrowserContext): Promise<() => Promise<string[]>> {
  const fromConsole: string[] = [];
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI}`));
  });
  context.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) fromConsole.push(`console: ${message.text()}`);
  });
  return async () => {
    const fromPages = await Promise.all(context.pages().map((page) => page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []).catch(() => [])));
    return [...fromPages.flat(), ...fromConsole];
  };
}
