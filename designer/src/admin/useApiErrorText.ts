import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';

/**
 * The server's refusal in the user's language: its error code looked up under `admin.errors`
 * (the server's English message only when the code is one the screens do not know).
 */
export function useApiErrorText(): (error: unknown) => string {
  const { t, i18n } = useTranslation();
  return useCallback(
    (error: unknown) => {
      if (error instanceof ApiError) {
        const code = error.body.error?.code;
        const message = error.body.error?.message ?? error.message;
        if (code === 'login_throttled') return t('admin.errors.login_throttled', { minutes: Math.max(1, Math.ceil(Number(error.body.retryAfterSeconds ?? 60) / 60)) });
        if (code === 'address_taken') {
          // The flow and environment that hold the address (a server before ops32 names neither: the plain sentence).
          const { address, flow, environment } = error.body.error?.params ?? {};
          if (typeof flow === 'string' && (environment === 'staging' || environment === 'production'))
            return t('admin.errors.address_taken_by', { address: String(address ?? ''), flow, environment: t(`environments.${environment}`) });
        }
        if (code && i18n.exists(`admin.errors.${code}`)) return t(`admin.errors.${code}`);
        if (error.status === 403) return t('admin.errors.forbidden');
        if (error.status === 400) return t('admin.errors.invalid', { message });
        return t('admin.errors.other', { message });
      }
      return t('admin.errors.other', { message: (error as Error).message });
    },
    [t, i18n],
  );
}

/** The request field a refusal names (`address`, `testers.2.number`, `currentPassword`), if any. */
export const fieldOf = (error: unknown): string | undefined => (error instanceof ApiError ? error.body.error?.field : undefined);
export const codeOf = (error: unknown): string | undefined => (error instanceof ApiError ? error.body.error?.code : undefined);
