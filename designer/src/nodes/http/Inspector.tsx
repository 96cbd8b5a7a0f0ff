import { ActionIcon, Button, Divider, Group, Select, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { NodeOf } from '@griot/flows';
import { documentActions } from '../../store/documentStore.ts';
import { TextField } from '../../inspector/fields/TextField.tsx';
import { NumberField } from '../../inspector/fields/NumberField.tsx';
import { VariableInput } from '../../inspector/fields/VariableInput.tsx';
import { useFieldError } from '../../inspector/fieldErrors.tsx';
import { useShownError } from '../../inspector/fields/useShownError.ts';
import { OptionalPrompt } from '../shared/OptionalPrompt.tsx';
import { SecretSuggestions, useSecretNames } from './SecretSuggestions.tsx';
import { useBackendNames } from './useBackendNames.ts';
import { SampleAnswer } from './SampleAnswer.tsx';
import { withPicked } from './sampleAnswer.ts';
import { newRowId } from '../../store/newRowId.ts';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export function HttpInspector({ node }: { node: NodeOf<'http'> }) {
  const { t } = useTranslation();
  const set = (field: string, value: unknown) => documentActions().setNodeField(node.id, field, value);
  const headers = Object.entries(node.headers);
  const statusesError = useFieldError('notFoundStatuses');
  const { names: secretNames, refresh: refreshSecretNames } = useSecretNames();
  const backendNames = useBackendNames();
  const setHeaders = (entries: Array<[string, string]>) => set('headers', Object.fromEntries(entries));
  const hasAuthorization = headers.some(([name]) => name.toLowerCase() === 'authorization');
  // With one secret there is nothing to choose; with several, the suggestions under the header offer them.
  const addAuthorization = () => setHeaders([...headers, ['Authorization', secretNames.length === 1 ? `Bearer {{secret.${secretNames[0]}}}` : 'Bearer {{secret.']]);
  return (
    // Any field gaining focus reads the secret names again (cached a few seconds): one configured meanwhile is offered.
    <Stack gap="md" onFocus={refreshSecretNames}>
      <Group grow gap="xs">
        <Select size="xs" label={t('nodes.http.method')} data={METHODS} value={node.method} onChange={(v) => v && set('method', v)} />
        <TextField nodeId={node.id} field="backend" label={t('nodes.http.backend')} value={node.backend} optional suggestions={backendNames} />
      </Group>
      <TextField nodeId={node.id} field="url" label={t('nodes.http.url')} description={t('nodes.http.urlHelp')} value={node.url} monospace />
      <SecretSuggestions field="url" value={node.url} names={secretNames} onPick={(v) => set('url', v)} />
      <Divider label={t('nodes.http.headers')} labelPosition="left" />
      {headers.map(([name, value], i) => (
        <HeaderRow
          key={i}
          name={name}
          value={value}
          secretNames={secretNames}
          // By position, never by a path through the name: a name being retyped may be empty or hold a dot.
          onChange={(nextName, nextValue) => setHeaders(headers.map((entry, j) => (j === i ? [nextName, nextValue] : entry)))}
          onRemove={() => setHeaders(headers.filter((_, j) => j !== i))}
        />
      ))}
      <Group gap={4}>
        <Button size="xs" variant="subtle" leftSection={<IconPlus size={14} />} onClick={() => setHeaders([...headers, [`X-Header-${headers.length + 1}`, '']])}>
          {t('nodes.http.addHeader')}
        </Button>
        {!hasAuthorization && (
          <Button size="xs" variant="subtle" leftSection={<IconPlus size={14} />} onClick={addAuthorization}>
            {t('nodes.http.addAuthorization')}
          </Button>
        )}
      </Group>
      {node.method !== 'GET' && node.method !== 'DELETE' && (
        <>
          <TextField nodeId={node.id} field="body" label={t('nodes.http.body')} value={node.body} optional multiline monospace />
          <SecretSuggestions field="body" value={node.body ?? ''} names={secretNames} onPick={(v) => set('body', v)} />
        </>
      )}
      <Divider label={t('nodes.http.response')} labelPosition="left" />
      {node.responseMapping.map((mapping, i) => (
        // The path on a line of its own, the width of the panel: `$.data.bundles[0].remainingMb` is read whole.
        <Stack key={i} gap={4} className="response-mapping" data-mapping={i}>
          <Group gap={4} wrap="nowrap" align="flex-end">
            <div style={{ flex: 1, minWidth: 0 }}>
              <TextField nodeId={node.id} field={`responseMapping.${i}.path`} label={t('nodes.http.path')} value={mapping.path} placeholder={t('nodes.http.pathPlaceholder')} monospace />
            </div>
            <ActionIcon
              size="sm"
              variant="subtle"
              color="red"
              aria-label={t('common.remove')}
              onClick={() =>
                set(
                  'responseMapping',
                  node.responseMapping.filter((_, j) => j !== i),
                )
              }
            >
              <IconTrash size={14} />
            </ActionIcon>
          </Group>
          <VariableInput nodeId={node.id} field={`responseMapping.${i}.variable`} label={t('nodes.http.variable')} value={mapping.variable} placeholder={t('nodes.http.variablePlaceholder')} />
        </Stack>
      ))}
      <Button
        size="xs"
        variant="subtle"
        leftSection={<IconPlus size={14} />}
        onClick={() => set('responseMapping', [...node.responseMapping, { id: newRowId('responseMapping'), variable: '', path: '' }])}
      >
        {t('nodes.http.addMapping')}
      </Button>
      {/* Each field picked is a step of its own to undo (not merged, as typing in one field is, with the row added or removed just before). */}
      <SampleAnswer
        nodeId={node.id}
        onPick={(field) =>
          documentActions().updateNode(node.id, (current) =>
            current.type === 'http' ? { ...current, responseMapping: withPicked(current.responseMapping, field, newRowId('responseMapping')) } : current,
          )
        }
      />
      <TagsInput
        size="xs"
        label={t('nodes.http.notFoundStatuses')}
        value={node.notFoundStatuses.map(String)}
        error={statusesError}
        onChange={(values) =>
          set(
            'notFoundStatuses',
            values.map(Number).filter((n) => Number.isInteger(n)),
          )
        }
      />
      <Group grow>
        <NumberField nodeId={node.id} field="timeoutMs" label={t('nodes.http.timeoutMs')} value={node.timeoutMs} min={100} max={30000} suffix=" ms" />
        <NumberField nodeId={node.id} field="retries" label={t('nodes.http.retries')} value={node.retries} min={0} max={3} />
      </Group>
      <OptionalPrompt nodeId={node.id} field="waitPrompt" prompt={node.waitPrompt} label={t('nodes.http.waitPrompt')} />
      <Text size="xs" c="dimmed">
        {t('nodes.http.secretsHelp')}
      </Text>
    </Stack>
  );
}

/** One request header: its name (empty while retyped: the draft still saves, publishing waits), its value, its secrets. */
function HeaderRow({ name, value, secretNames, onChange, onRemove }: { name: string; value: string; secretNames: string[]; onChange(name: string, value: string): void; onRemove(): void }) {
  const { t } = useTranslation();
  // An empty name is said once the editor leaves the field, not while they retype it.
  const { error: nameError, onBlur } = useShownError(useFieldError(`headers.${name}`), name);
  return (
    <Stack gap={2}>
      <Group gap={4} wrap="nowrap" align="flex-end">
        <TextInput
          size="xs"
          placeholder="Authorization"
          aria-label={t('nodes.http.headerName')}
          value={name}
          error={nameError}
          onBlur={onBlur}
          onChange={(e) => onChange(e.currentTarget.value, value)}
        />
        <TextInput size="xs" className="monospace-input" style={{ flex: 1 }} aria-label={t('nodes.http.headerValue', { name })} value={value} onChange={(e) => onChange(name, e.currentTarget.value)} />
        <ActionIcon size="sm" variant="subtle" color="red" aria-label={t('common.remove')} onClick={onRemove}>
          <IconTrash size={14} />
        </ActionIcon>
      </Group>
      <SecretSuggestions field={`headers.${name}`} value={value} names={secretNames} onPick={(v) => onChange(name, v)} />
    </Stack>
  );
}
