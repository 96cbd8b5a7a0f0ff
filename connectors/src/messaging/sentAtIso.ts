/** How far a platform's clock may run ahead of Griot's before its time is not believed. */
const AHEAD_MS = 86_400_000;

/**
 * When a subscriber's message was sent, as the platform dates it, for the ledger and the
 * 24-hour window: the platform's time when it is a date at all and not days ahead of its
 * arrival, else the time it arrived. A timestamp past year 275,760 (`new Date` throws on it)
 * or in 2100 is a platform's bug or a forger's, not a reason to refuse the webhook (a 5xx
 * that the platform re-delivers, with every other subscriber's message in it) nor to keep a
 * conversation's window open for ever.
 */
export function sentAtIso(sentMs: number, receivedMs: number): string {
  const believable = Number.isFinite(sentMs) && sentMs >= 0 && sentMs <= receivedMs + AHEAD_MS;
  return new Date(believable ? sentMs : receivedMs).toISOString();
}
