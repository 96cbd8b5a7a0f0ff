/**
 * The file name an uploaded recording gets: readable, unique per node, field and locale, and
 * safe in a URL. A translator must recognise it among the flow's recordings, so it follows the
 * flow's own scheme:
 * - replacing a recording keeps its folder and name (`fon/welcome.wav` → `fon/welcome.wav`,
 *   which the server numbers `fon/welcome-2.wav` while the old take is still in use);
 * - a first recording in a locale whose recordings live in a folder named after it goes there
 *   (`fon/menu-prompt.wav` beside `fon/welcome.wav`);
 * - otherwise `menu-prompt-fon.wav`.
 */
export function audioName(nodeId: string, field: string, locale: string, fileName: string, scheme: { current?: string | undefined; others?: readonly string[] } = {}): string {
  const extension = /\.([A-Za-z0-9]{1,5})$/.exec(fileName)?.[1]?.toLowerCase() ?? 'wav';
  const safe = (part: string) => part.replace(/[^A-Za-z0-9_-]+/g, '-');
  const current = scheme.current?.trim();
  if (current) {
    const match = /^((?:[A-Za-z0-9_-]+\/){0,4})([A-Za-z0-9_-][A-Za-z0-9_.-]*?)(?:-\d+)?\.[A-Za-z0-9]{1,5}$/.exec(current);
    if (match) return `${match[1]}${match[2]}.${extension}`;
  }
  const folder = safe(locale);
  if (scheme.others?.some((name) => name.startsWith(`${folder}/`))) return `${folder}/${safe(field === 'prompt' ? nodeId : `${nodeId}-${field}`)}.${extension}`;
  return `${safe(`${nodeId}-${field}-${locale}`)}.${extension}`;
}
