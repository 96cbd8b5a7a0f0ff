import { useEffect, useState } from 'react';
import { Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { secretsApi } from '../../api/secretsApi.ts';
import { completeSecret, secretCompletions } from './secretCompletion.ts';

let cached: Promise<string[]> | null = null;

/** The configured secret names (GET /api/secrets), read once per page; none when the server refuses. */
export function useSecretNames(): string[] {
  const [names, setNames] = useState<string[]>([]);
  useEffect(() => {
    let live = true;
    cached ??= secretsApi.names().then(
      (answer) => answer.secrets.map((s) => s.name),
      () => {
        cached = null;
        return [];
      },
    );
    void cached.then((read) => live && setNames(read));
    return () => {
      live = false;
    };
  }, []);
  return names;
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
