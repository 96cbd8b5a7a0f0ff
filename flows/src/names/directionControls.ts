/**
 * The characters that change the direction text is shown in without showing themselves: the
 * embeddings and overrides U+202A–U+202E, the isolates U+2066–U+2069, the marks U+200E (LRM),
 * U+200F (RLM) and U+061C (ALM). In a name others read in a list they make it show as another
 * (« \u202Efdp.exe » shows as « exe.pdf »: the "Trojan Source" trick, CVE-2021-42574). The joiners
 * U+200C/U+200D, which scripts need to spell words, are not among them.
 */
const DIRECTION_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/** What a refused name is told: the characters refused, as people look them up. */
export const DIRECTION_CONTROLS_SHOWN = 'U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C';

/** The first direction control in `name`, as `U+202E`; null when it holds none. */
export function directionControlIn(name: string): string | null {
  const found = DIRECTION_CONTROLS.exec(name);
  return found ? `U+${found[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : null;
}

/**
 * `name` without its direction controls: the name a copy of a flow named before Griot refused them
 * is offered (« Dupliquer »), shown as written and accepted as a new name.
 */
export function withoutDirectionControls(name: string): string {
  return name.replace(new RegExp(DIRECTION_CONTROLS.source, 'gu'), '');
}

/**
 * A name a subscriber chose for their account on a platform (WhatsApp's profile name), as agents may read it: control
 * characters become spaces (a line break would split the inbox's line), direction controls go (inside the inbox's
 * `<bdi>` an override still shows the name reversed), at most `max` characters (never half of one); blank: none.
 */
export function cleanAccountName(name: string | undefined, max = 256): string | undefined {
  if (typeof name !== 'string') return undefined;
  const cleaned = Array.from(withoutDirectionControls(name.replace(/\p{Cc}/gu, ' ')).trim())
    .slice(0, max)
    .join('')
    .trim();
  return cleaned ? cleaned : undefined;
}

/** Whether `name` holds a control character (a line break, NUL…) or a direction control: refused in a file's name. */
export function holdsControlCharacter(name: string): boolean {
  return /\p{Cc}/u.test(name) || directionControlIn(name) !== null;
}
