import { stringifyCsv as stringify } from '../csv/stringifyCsv.ts';
import type { AuditEntry } from '../store/types.ts';

/**
 * The audit log for a spreadsheet, one entry a line, newest first. Usernames, flow names and
 * details are typed by people: a cell that starts like a formula (= + - @) is prefixed with '
 * so a spreadsheet shows it rather than runs it (as the analytics export).
 */
export function auditCsv(entries: AuditEntry[]): string {
  return stringify(
    [
      ['at', 'actor', 'action', 'target', 'hash_before', 'hash_after', 'details'],
      ...entries.map((e) => [e.at, e.actor, e.action, e.target, e.hashBefore ?? '', e.hashAfter ?? '', e.details ? JSON.stringify(e.details) : '']),
    ],
    { escape_formulas: true },
  );
}
