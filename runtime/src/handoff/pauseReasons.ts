import { z } from 'zod';

/** Why an agent pauses, and how long such a pause may run before supervisors see it run long. */
export interface PauseReason {
  label: string;
  /** Past this many minutes the supervisor's board and the wallboard show the pause as running long. */
  maxMinutes: number;
}

/** What an operator has without setting GRIOT_PAUSE_REASONS. */
export const DEFAULT_PAUSE_REASONS: readonly PauseReason[] = [
  { label: 'Pause courte', maxMinutes: 15 },
  { label: 'Pause déjeuner', maxMinutes: 60 },
  { label: 'Formation', maxMinutes: 120 },
  { label: 'Réunion', maxMinutes: 60 },
];

const MAX_REASONS = 20;
const MAX_LABEL = 40;

/**
 * Reads GRIOT_PAUSE_REASONS: `Label=minutes` separated by `;` (« Pause courte=15;Pause déjeuner=60 »).
 * Returns the reasons, or a sentence saying what is wrong (start-up stops on it).
 */
export function parsePauseReasons(text: string): PauseReason[] | string {
  const reasons: PauseReason[] = [];
  for (const part of text.split(';')) {
    if (part.trim() === '') continue;
    const at = part.lastIndexOf('=');
    const label = (at < 0 ? part : part.slice(0, at)).trim();
    const minutes = at < 0 ? Number.NaN : Number(part.slice(at + 1).trim());
    if (label === '' || label.length > MAX_LABEL) return `« ${part.trim()} »: a reason has a label of 1 to ${MAX_LABEL} characters`;
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 24 * 60) return `« ${part.trim()} »: write Label=minutes, the minutes a whole number from 1 to 1440 (« Pause courte=15 »)`;
    if (reasons.some((r) => r.label.toLowerCase() === label.toLowerCase())) return `« ${label} » is listed twice`;
    reasons.push({ label, maxMinutes: minutes });
  }
  if (reasons.length === 0) return 'list one reason at least, e.g. "Pause courte=15;Pause déjeuner=60"';
  if (reasons.length > MAX_REASONS) return `at most ${MAX_REASONS} reasons`;
  return reasons;
}

/** The environment variable, as config.ts's schema reads it (a wrong list stops start-up, naming it). */
export const pauseReasonsEnv = {
  GRIOT_PAUSE_REASONS: z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined || text.trim() === '') return [...DEFAULT_PAUSE_REASONS];
      const parsed = parsePauseReasons(text);
      if (typeof parsed === 'string') {
        ctx.addIssue({ code: 'custom', message: parsed });
        return z.NEVER;
      }
      return parsed;
    }),
};
