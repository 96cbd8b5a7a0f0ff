import { contained } from './isolate.ts';

/**
 * A name shown isolated from the text beside it (`<bdi>`): one stored with direction controls
 * (before Griot refused them, or given by a channel, a caller's words in a contact's reason) is
 * shown as written and leaves the words around it in their order. Its own U+2069 would close the
 * browser's isolate early (Chromium draws `<bdi>` as U+2068…U+2069 around its text): `contained`.
 */
export function Bdi({ children }: { children: string }) {
  return <bdi>{contained(children)}</bdi>;
}
