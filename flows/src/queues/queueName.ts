import { z } from 'zod';

/** The longest queue name: a team's or a language's name, with room to spare. */
export const QUEUE_NAME_MAX_LENGTH = 200;

const NO_CONTROL_CHARACTER = /^\P{Cc}*$/u;
const NO_CONTROL_CHARACTER_MESSAGE = 'no control characters (line breaks, tabs…)';

/**
 * A queue's name, wherever one comes in: a supervisor's settings, a transfer, a user's
 * assignment, a canned reply's queues. Trimmed, 1 to 200 characters, no control characters: each
 * is listed to every agent and shown on the wallboard.
 */
export const QueueName = z.string().trim().min(1).max(QUEUE_NAME_MAX_LENGTH).regex(NO_CONTROL_CHARACTER, NO_CONTROL_CHARACTER_MESSAGE);

/** A handoff node's queue: the same rule, untrimmed (it is a template, kept as the designer typed it). */
export const QueueNameTemplate = z.string().min(1).max(QUEUE_NAME_MAX_LENGTH).regex(NO_CONTROL_CHARACTER, NO_CONTROL_CHARACTER_MESSAGE);

/** Whether `name` (a handoff node's queue once its template is filled in, say) is a queue name. */
export function isQueueName(name: string): boolean {
  return QueueName.safeParse(name).success;
}
