const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** An SSML or XML tag: `<speak>`, `</prosody>`, `<break time="1s"/>`. A lone "<" in prose is not one. */
const TAG = /<\/?[A-Za-z][\w:-]*(?:\s+[\w:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*\/?>/g;

/**
 * Written text from a prompt that may carry SSML for voice: tags go, their content stays,
 * `<break>` becomes a space, entities are decoded. Text without tags comes back unchanged
 * (apart from entity decoding when it had tags).
 */
export function stripSsml(text: string): string {
  if (!TAG.test(text)) return text;
  TAG.lastIndex = 0;
  const stripped = text
    .replace(/<break\b[^>]*>/gi, ' ')
    .replace(TAG, '')
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
      if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
      if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
      return ENTITIES[name.toLowerCase()] ?? whole;
    });
  // Tags often sit between words on their own lines; keep paragraphs, drop the indentation.
  return stripped
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
