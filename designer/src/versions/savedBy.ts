/**
 * Who saved the draft this tab did not have: this same user (in another tab, on another
 * computer), a named colleague, or nobody the server named. The follow notice and the conflict
 * dialog say it the same way.
 */
export type SavedBy = { who: 'you' } | { who: 'colleague'; by: string } | { who: 'unknown' };

export function savedBy(updatedBy: string | undefined, username: string | undefined): SavedBy {
  if (!updatedBy) return { who: 'unknown' };
  return updatedBy === username ? { who: 'you' } : { who: 'colleague', by: updatedBy };
}
