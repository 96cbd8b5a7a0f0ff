import type { Screen } from './ChannelDriver.ts';

/**
 * The menu a text carries as numbered lines (`1. Balance`), as a chat channel sends a menu it
 * cannot show natively; undefined when it has none.
 */
export function numberedMenu(text: string): Screen['menu'] {
  const lines = text
    .split('\n')
    .map((l) => /^(\S{1,2})\. (.+)$/.exec(l))
    .filter((m) => m !== null);
  return lines.length > 0 ? { presentation: 'numbered', labels: lines.map((m) => m[2] as string) } : undefined;
}
