/**
 * How a text goes out as SMS: the alphabet (3GPP TS 23.038) and the parts of a concatenated
 * message (TS 23.040: a 6-octet user data header takes 7 septets of GSM 03.38 text, 3 UCS-2
 * characters). Pure: the SMS connector encodes with it, lint and the simulator count with it.
 */

/** The GSM 03.38 default alphabet, by code (0x1B is the escape to the extension table, never a character). */
const BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** The extension table: each costs two septets (escape, code). */
const EXTENSION: Record<string, number> = { '\f': 0x0a, '^': 0x14, '{': 0x28, '}': 0x29, '\\': 0x2f, '[': 0x3c, '~': 0x3d, ']': 0x3e, '|': 0x40, '€': 0x65 };
const ESCAPE = 0x1b;
const BASIC_CODES = new Map([...BASIC].map((char, code) => [char, code] as const).filter(([char]) => char !== '\u001b'));

export type SmsEncoding = 'gsm7' | 'ucs2';

/** Characters (GSM 03.38 septets, or UTF-16 units for UCS-2) in one SMS, and in each part of a concatenated one. */
export const SMS_LIMITS: Readonly<Record<SmsEncoding, { single: number; part: number; dataCoding: number }>> = {
  gsm7: { single: 160, part: 153, dataCoding: 0x00 },
  ucs2: { single: 70, part: 67, dataCoding: 0x08 },
};

export interface SmsPlan {
  encoding: SmsEncoding;
  /** The text of each SMS part, in order; one when it fits a single SMS. Joined, they are the text. */
  parts: string[];
}

/** The characters of `text` that GSM 03.38 lacks (each once, in order): any of them makes the SMS UCS-2. */
export function outsideGsm7(text: string): string[] {
  const outside = new Set<string>();
  for (const char of text) if (!BASIC_CODES.has(char) && !(char in EXTENSION)) outside.add(char);
  return [...outside];
}

/**
 * What `text` takes of a message or screen: GSM 03.38 septets when every character is in that
 * alphabet (an extension character, `€` `[` `]` `{` `}` `\` `^` `~` `|`, takes two: escape and
 * code), else UTF-16 units, as UCS-2 carries it (an emoji takes two).
 */
export function encodedLength(text: string): number {
  let septets = 0;
  for (const char of text) {
    if (BASIC_CODES.has(char)) septets += 1;
    else if (char in EXTENSION) septets += 2;
    else return text.length;
  }
  return septets;
}

/** GSM 03.38 when every character is in it (with the extension table), else UCS-2. */
export function smsEncodingOf(text: string): SmsEncoding {
  return outsideGsm7(text).length === 0 ? 'gsm7' : 'ucs2';
}

/**
 * The encoding and the parts of `text`: one SMS when it fits 160 septets (GSM 03.38) or 70
 * UCS-2 characters, else parts of 153 septets or 67 characters. A part never ends between an
 * escape and its extension character, nor inside a surrogate pair (an emoji).
 */
export function planSms(text: string): SmsPlan {
  const encoding = smsEncodingOf(text);
  const { single, part } = SMS_LIMITS[encoding];
  const units = encoding === 'gsm7' ? [...text].map((char) => ({ char, size: char in EXTENSION ? 2 : 1 })) : [...text].map((char) => ({ char, size: char.length }));
  const total = units.reduce((sum, u) => sum + u.size, 0);
  if (total <= single) return { encoding, parts: [text] };
  const parts: string[] = [];
  let current = '';
  let size = 0;
  for (const unit of units) {
    if (size + unit.size > part) {
      parts.push(current);
      current = '';
      size = 0;
    }
    current += unit.char;
    size += unit.size;
  }
  if (current !== '') parts.push(current);
  return { encoding, parts };
}

/** GSM 03.38 septets of `text`, one per octet (unpacked, as SMPP carries `data_coding` 0): extension characters as escape + code. Throws on a character outside the alphabet. */
export function encodeGsm7(text: string): Uint8Array {
  const septets: number[] = [];
  for (const char of text) {
    const basic = BASIC_CODES.get(char);
    if (basic !== undefined) septets.push(basic);
    else if (char in EXTENSION) septets.push(ESCAPE, EXTENSION[char] as number);
    else throw new RangeError(`${JSON.stringify(char)} is not in GSM 03.38`);
  }
  return Uint8Array.from(septets);
}

/** Text from unpacked GSM 03.38 septets; an unknown extension code reads as its base character, as handsets do. */
export function decodeGsm7(septets: Uint8Array): string {
  const extension = new Map(Object.entries(EXTENSION).map(([char, code]) => [code, char] as const));
  let text = '';
  for (let i = 0; i < septets.length; i += 1) {
    const code = (septets[i] as number) & 0x7f;
    if (code === ESCAPE && i + 1 < septets.length) {
      const next = (septets[(i += 1)] as number) & 0x7f;
      text += extension.get(next) ?? BASIC[next] ?? '';
    } else if (code !== ESCAPE) text += BASIC[code] ?? '';
  }
  return text;
}
