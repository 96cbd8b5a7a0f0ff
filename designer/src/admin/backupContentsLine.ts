import type { TFunction } from 'i18next';
import type { BackupView } from './auditApi.ts';

const PARTS = ['flows', 'versions', 'bindings', 'users', 'auditEntries', 'audioFiles'] as const;

/** « 1 parcours, 2 versions, 1 raccordement… »: each count of a backup in the singular or the plural. */
export function backupContentsLine(t: TFunction, contents: NonNullable<BackupView['contents']>): string {
  return PARTS.map((part) => t(`counted.${part}`, { count: contents[part] })).join(', ');
}
