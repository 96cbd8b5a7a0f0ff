import { useState, type FormEvent } from 'react';
import { Alert, Button, Checkbox, PasswordInput, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { sessionStore } from '../app/sessionStore.ts';
import { adminApi } from './adminApi.ts';
import { codeOf, useApiErrorText } from './useApiErrorText.ts';

const MIN_LENGTH = 10;

/** What the server says a password change ended. */
export interface PasswordChangeOutcome {
  sessionsEnded: number;
  tokensRevoked: number;
}

/**
 * One's own password: the current one (checked and throttled by the server like a login), the
 * new one twice. Success clears the must-change flag of the signed-in user. The server revokes the
 * user's API tokens with it, which the form says beforehand; `offerToKeepTokens` adds the
 * opt-out, unchecked (not offered on the forced change: that password was known to someone else,
 * so every token goes).
 */
export function PasswordChangeForm({ onChanged, offerToKeepTokens = true }: { onChanged(outcome: PasswordChangeOutcome): void; offerToKeepTokens?: boolean }) {
  const { t } = useTranslation();
  const errorText = useApiErrorText();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [keepTokens, setKeepTokens] = useState(false);
  const [errors, setErrors] = useState<{ current?: string; next?: string; again?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = {
      ...(current === '' ? { current: t('admin.errors.required') } : {}),
      ...(next.length < MIN_LENGTH ? { next: t('admin.password.tooShort') } : {}),
      ...(again !== next ? { again: t('admin.password.mismatch') } : {}),
    };
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const outcome = await adminApi.changeOwnPassword(current, next, offerToKeepTokens && keepTokens);
      const user = sessionStore.getState().user;
      if (user) sessionStore.getState().setUser({ ...user, mustChangePassword: false });
      setCurrent('');
      setNext('');
      setAgain('');
      setKeepTokens(false);
      onChanged({ sessionsEnded: outcome.sessionsEnded, tokensRevoked: outcome.tokensRevoked });
    } catch (error) {
      const code = codeOf(error);
      if (code === 'wrong_password') setErrors({ current: errorText(error) });
      else if (code === 'same_password') setErrors({ next: errorText(error) });
      else setErrors({ form: errorText(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} className="password-change-form" noValidate>
      <Stack>
        {errors.form && (
          <Alert color="red" variant="light" role="alert">
            {errors.form}
          </Alert>
        )}
        <PasswordInput
          label={t('admin.password.current')}
          name="currentPassword"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.currentTarget.value)}
          error={errors.current}
          required
          data-autofocus
        />
        <PasswordInput
          label={t('admin.password.new')}
          description={t('admin.password.newHelp')}
          name="newPassword"
          autoComplete="new-password"
          value={next}
          onChange={(e) => setNext(e.currentTarget.value)}
          error={errors.next}
          required
        />
        <PasswordInput
          label={t('admin.password.confirm')}
          name="newPasswordAgain"
          autoComplete="new-password"
          value={again}
          onChange={(e) => setAgain(e.currentTarget.value)}
          error={errors.again}
          required
        />
        {offerToKeepTokens && (
          <Checkbox
            label={t('admin.password.keepTokens')}
            description={t('admin.password.keepTokensHelp')}
            name="keepApiTokens"
            checked={keepTokens}
            onChange={(e) => setKeepTokens(e.currentTarget.checked)}
          />
        )}
        <Button type="submit" loading={busy}>
          {t('admin.password.submit')}
        </Button>
      </Stack>
    </form>
  );
}
