import { useEffect, useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { flowsApi } from '../api/flowsApi.ts';
import type { DuplicatedFlow } from '../api/types.ts';
import { withoutDirectionControls } from '@griot/flows';
import { copyNameFor, freeCopyName } from './freeCopyName.ts';

/** What to copy: a flow's draft (« Dupliquer », the flow list) or one of its versions (« Dupliquer cette version »). */
export interface DuplicateSource {
  flowId: string;
  name: string;
  version?: number;
  /** Where the keyboard's focus goes back when the dialog closes (the « … » button it was opened from). */
  returnFocus?: HTMLElement | null;
}

/**
 * The button that opened the menu `item` belongs to (Mantine's dropdown is labelled by its target),
 * so focus goes back there, not to the page's start, when the dialog the item opened closes.
 */
export function menuTargetOf(item: Element): HTMLElement | null {
  const target = item.closest('[role="menu"]')?.getAttribute('aria-labelledby');
  return target ? document.getElementById(target) : null;
}

/**
 * Asks the copy's name (the first free « … (copie) », editable), then has the server copy the flow
 * with its recordings and test cases in one request: nothing is carried through the browser, and a
 * tab closed meanwhile leaves the copy whole or absent. A refusal (name taken, recordings' quota
 * full) is said in the dialog, the name kept for another try.
 */
export function DuplicateFlowModal({ source, onClose: close, onDuplicated }: { source: DuplicateSource | null; onClose(): void; onDuplicated(copy: DuplicatedFlow): void }) {
  const { t } = useTranslation();
  const onClose = () => {
    const back = source?.returnFocus;
    close();
    // Once the dialog is gone (its focus trap let go): a keyboard user goes on from the « … » button.
    if (back) setTimeout(() => back.isConnected && back.focus(), 0);
  };
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!source) return;
    setError(null);
    // The copy's name is stored, not read: as written (asWritten, no isolates around the source's), without the direction
    // controls a flow named before Griot refused them holds (the server would refuse them in a new name).
    const written = withoutDirectionControls(source.name);
    const base =
      source.version === undefined
        ? copyNameFor(written, (name) => t('flows.copyName', { name, asWritten: true }))
        : copyNameFor(written, (name) => t('flows.versionCopyName', { name, n: source.version, asWritten: true }));
    setName(base);
    let current = true;
    // The names in use now (a colleague's flow made since the list was read included); the server checks again.
    flowsApi.list().then(
      (flows) => {
        if (current)
          setName((typed) =>
            typed === base
              ? freeCopyName(
                  base,
                  flows.map((f) => f.name),
                )
              : typed,
          );
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [source, t]);
  if (!source) return null;

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const copy = await flowsApi.duplicate(source.flowId, { name: name.trim(), ...(source.version !== undefined ? { version: source.version } : {}) });
      onDuplicated(copy);
      onClose();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const title = source.version === undefined ? t('flows.duplicateTitle', { name: source.name }) : t('flows.duplicateVersionTitle', { name: source.name, n: source.version });
  return (
    <Modal opened returnFocus={false} onClose={() => !busy && onClose()} title={title} centered closeOnClickOutside={!busy} withCloseButton={!busy}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) void submit();
        }}
      >
        <Stack>
          <TextInput label={t('flows.duplicateName')} maxLength={200} value={name} data-autofocus name="copy-name" disabled={busy} onChange={(e) => setName(e.currentTarget.value)} />
          <Text size="sm" c="dimmed">
            {t('flows.duplicateHelp')}
          </Text>
          {error && (
            <Alert color="red" role="alert" data-duplicate-error>
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={busy}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy} disabled={!name.trim()} data-action="confirm-duplicate">
              {t('flows.duplicate')}
            </Button>
          </Group>
          {busy && (
            <Text size="sm" role="status">
              {t('flows.duplicating', { name: source.name })}
            </Text>
          )}
        </Stack>
      </form>
    </Modal>
  );
}
