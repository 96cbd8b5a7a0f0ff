import { useCallback, useEffect, useRef, useState } from 'react';
import { Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { secretsApi } from '../../api/secretsApi.ts';
import { completeSecret, secretCompletions } from './secretCompletion.ts';
import { recentRead } from './recentRead.ts';

/** Kept a few seconds: every field of the inspector asks again when it gains focus. */
const readSecretNames = recentRead(async () => (await secretsApi.names()).secrets.map((s) => s.name), 10_000);

/**
 * The configured secret names (GET /api/secrets), none when the server refuses, and `refresh` to
 * read them again when a field gains focus: a secret configured since the page was opened shows
 * without reloading it.
 */
export function useSecretNames(): { names: string[]; refresh(): void } {
  const [names, setNames] = useState<string[]>([]);
  const live = useRef(true);
  const refresh = useCallback(() => {
    readSecretNames().then(
      (read) => live.current && setNames((shown) => (sameNames(shown, read) ? shown : read)),
      () => {},
    );
  }, []);
  useEffect(() => {
    live.current = true;
    refresh();
    return () => {
      live.current = false;
    };
  }, [refresh]);
  return { names, refresh };
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}

/**
 * Under a field of an http node: when what was typed ends with `{{secret.`, the secret names that
 * fit, to click instead of knowing them by heart. Names only: the server never sends a value.
 */
export function SecretSuggestions({ value, names, onPick, field }: { value: string; names: readonly string[]; onPick(value: string): void; field: string }) {
  const { t } = useTranslation();
  const open = secretCompletions(value, names);
  if (!open) return null;
  return (
    <Group gap={4} className="secret-suggestions" role="listbox" aria-label={t('nodes.http.secretNames')} data-secrets-for={field}>
      {open.names.length === 0 ? (
        <Text size="xs" c="dimmed">
          {names.length === 0 ? t('nodes.http.noSecret') : t('nodes.http.noSecretMatch', { typed: open.typed })}
        </Text>
      ) : (
        open.names.map((name) => (
          <Button key={name} size="compact-xs" variant="light" role="option" aria-selected={false} className="monospace-input" onClick={() => onPick(completeSecret(value, name))}>
            {name}
          </Button>
        ))
      )}
    </Group>
  );
}
