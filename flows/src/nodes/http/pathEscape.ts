/** `%2e` is a dot, `%2f` a slash, `%5c` a backslash, in either case; `%25` a percent sign that a second decoding would reveal. */
const ENCODED_SEPARATOR = /%2f|%5c/i;
const ENCODED_PERCENT = /%25/gi;

/**
 * Why a path segment could climb out of a backend's base path, or null when it cannot: a dot
 * segment (`..`, `.`, `%2e%2e`, `.%2E`…, also followed by `;parameters`: `..;`), an encoded `/` or `\` that a server or gateway may
 * decode into a separator, or any of those hidden under `%25` (a server that decodes twice).
 */
function unsafeSegment(segment: string): string | null {
  let text = segment;
  for (let depth = 0; depth < 4; depth += 1) {
    if (ENCODED_SEPARATOR.test(text)) return `"${segment}" holds an encoded / or \\`;
    // `..;x` (and `..;`) is `..` to Tomcat, Jetty and Spring, which drop a segment's `;parameters`.
    if (/^(\.|%2e){1,2}(;|%3b|$)/i.test(text)) return `"${segment}" is a dot segment`;
    const decoded = text.replace(ENCODED_PERCENT, '%');
    if (decoded === text) return null;
    text = decoded;
  }
  return `"${segment}" is encoded too many times`;
}

/**
 * Why the path of a URL relative to a backend (`/subscribers/+229…?lang=fr`) could leave the
 * backend's base path, or null when it stays under it. Only the path is judged: values in the
 * query cannot move the request. A backslash, a space or a control character is refused too:
 * URL parsers read `\` as `/`, and the others make a request line that servers split differently.
 */
export function pathEscape(relativeUrl: string): string | null {
  const end = relativeUrl.search(/[?#]/);
  const path = end < 0 ? relativeUrl : relativeUrl.slice(0, end);
  if (path.includes('\\') || /\s/.test(path) || [...path].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return 'the path holds a backslash, a space or a control character';
  for (const segment of path.split('/')) {
    const unsafe = unsafeSegment(segment);
    if (unsafe !== null) return unsafe;
  }
  return null;
}
