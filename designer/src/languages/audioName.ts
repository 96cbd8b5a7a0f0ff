/**
 * The file name an uploaded recording gets: readable, unique per node, field and locale, and
 * safe in a URL (`menu-prompt-fon.wav`).
 */
export function audioName(nodeId: string, field: string, locale: string, fileName: string): string {
  const extension = /\.([A-Za-z0-9]{1,5})$/.exec(fileName)?.[1]?.toLowerCase() ?? 'wav';
  const stem = `${nodeId}-${field}-${locale}`.replace(/[^A-Za-z0-9_-]+/g, '-');
  return `${stem}.${extension}`;
}
