/** What subscribers write to end an SMS conversation (operators' and regulators' usual opt-out words), accents and case aside. */
const STOP_WORDS = new Set(['stop', 'arret', 'stopp', 'unsubscribe']);

/**
 * Whether an SMS is the subscriber asking to stop (« STOP », « Arrêt. »): the whole text one
 * such word, whatever its case, accents or trailing punctuation. Not a menu answer: the contact
 * ends there rather than the flow answering « choix non valide » and its menu again.
 */
export function isStopKeyword(text: string): boolean {
  if (text.length > 20) return false;
  const word = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .replace(/[.!\s]+$/u, '')
    .toLowerCase();
  return STOP_WORDS.has(word);
}
