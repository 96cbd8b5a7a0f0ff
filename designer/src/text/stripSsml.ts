/** Prompts may hold SSML for the voice platform; the transcript shows the words only. */
export function stripSsml(text: string): string {
  return text.replace(/<break[^>]*\/>/g, ' ').replace(/<[^>]+>/g, '').replace(/\s{2,}/g, ' ').trim();
}
