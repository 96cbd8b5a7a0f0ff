/** A canned reply ("réponse type") as `GET /api/agent/canned-replies` lists it. */
export interface CannedReply {
  id: string;
  title: string;
  /** Language code → text. */
  texts: Record<string, string>;
  /** Offered only on these queues' contacts, before the general ones; absent: on every queue. */
  queues?: string[];
  updatedAt: string;
  updatedBy: string;
}

/** Lower case without accents: « Répondre » is found by "repon". */
const folded = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .trim();

/** What the agent is looking for when the reply box holds `/` and a few letters (one line, nothing else); null otherwise. */
export function slashQuery(text: string): string | null {
  const match = /^\/([^\n]{0,60})$/.exec(text);
  return match ? (match[1] ?? '') : null;
}

/** Whether a reply is meant for some queues only (the general ones are for every queue). */
const forQueues = (reply: CannedReply) => (reply.queues?.length ?? 0) > 0;

/**
 * The replies offered on a contact of `queue` whose title holds `query` (case and accents
 * aside): those meant for that queue first, then the general ones; within each, titles starting
 * with it first, then by title. Replies meant for other queues only are not offered.
 */
export function cannedMatches(replies: CannedReply[], query: string, queue: string): CannedReply[] {
  const wanted = folded(query);
  return replies
    .filter((reply) => !forQueues(reply) || reply.queues?.includes(queue))
    .map((reply) => ({ reply, at: folded(reply.title).indexOf(wanted) }))
    .filter(({ at }) => at >= 0)
    .sort((a, b) => Number(!forQueues(a.reply)) - Number(!forQueues(b.reply)) || Number(a.at !== 0) - Number(b.at !== 0) || a.reply.title.localeCompare(b.reply.title, 'fr', { sensitivity: 'base' }))
    .map(({ reply }) => reply);
}

/**
 * The text to insert for a caller speaking `locale` (`fr`, `fr-BJ`, `fon`…): in their language
 * when the reply has it, else in French, else the first it has. Inserted as written: nothing is
 * filled from the caller's data.
 */
export function cannedText(reply: CannedReply, locale: string): string {
  const language = locale.toLowerCase().split(/[-_]/)[0] ?? '';
  return reply.texts[locale] ?? reply.texts[language] ?? reply.texts.fr ?? Object.values(reply.texts)[0] ?? '';
}
