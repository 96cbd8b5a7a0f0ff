import type { TFunction } from 'i18next';

/** "v3", or "Brouillon" for the draft's previews (version null). */
export function versionLabel(t: TFunction, version: number | null): string {
  return version === null ? t('analytics.draft') : t('analytics.versionLabel', { n: version });
}
