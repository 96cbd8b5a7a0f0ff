import type { withdrawnFr } from './withdrawnFr.ts';

/** A version taken out of production (a roll-back), in English. */
export const withdrawnEn: typeof withdrawnFr = {
  badge: 'Taken out of production',
  badgeHelp: 'Production ran it, then went back to version %{current}.',
  notice:
    'Version %{n} was taken out of production: production went back to version %{current}%{when}. The draft still starts from version %{n}: fix what was wrong, or take version %{current} back into the draft, before publishing again.',
  when: ' on %{date} (%{who})',
  takeCurrent: 'Take version %{current} back into the draft',
};
