import type { ChannelCapabilities } from './channelCapabilities.ts';
import type { Page } from './pageText.ts';

/**
 * What an answer typed on a paged screen means: the next screen (`00` where the screen offers
 * it), the one before (`0` where it offers it), or null: an answer for the flow. A key a screen
 * does not offer is an answer like any other (a menu option keyed 0, a `0` typed as a quantity).
 */
export function pageMove(answer: string, page: Pick<Page, 'hasNext' | 'hasBack'>, capabilities: ChannelCapabilities): 'next' | 'back' | null {
  const paging = capabilities.pages;
  if (!paging) return null;
  const typed = answer.trim();
  if (page.hasNext && typed === paging.nextKey) return 'next';
  if (page.hasBack && typed === paging.backKey) return 'back';
  return null;
}
