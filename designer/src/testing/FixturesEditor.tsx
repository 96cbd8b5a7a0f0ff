import { useState } from 'react';
import { ActionIcon, Group, Select, Stack, Text, Textarea, Tooltip } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { TestCase } from '@griot/flows';
import { parseFixtureJson } from './testCaseDraft.ts';

type Fixtures = TestCase['fixtures'];

export interface FixturesEditorProps {
  fixtures: Fixtures;
  /** The flow's `http` and `intent` nodes: what a fixture can answer for. */
  answerable: string[];
  onChange(fixtures: Fixtures): void;
  /** A fixture typed as JSON is not valid yet: the case cannot be saved. */
  onValidity(node: string, valid: boolean): void;
}

/** What the look-ups (and the model) answer in this test, one JSON per node. */
export function FixturesEditor({ fixtures, answerable, onChange, onValidity }: FixturesEditorProps) {
  const { t } = useTranslation();
  const missing = answerable.filter((id) => !(id in fixtures));
  return (
    <Stack gap={6}>
      <Text size="xs" c="dimmed">
        {t('testEditor.fixturesHelp')}
      </Text>
      {Object.entries(fixtures).map(([node, fixture]) => (
        <FixtureField
          key={node}
          node={node}
          initial={JSON.stringify(fixture, null, 2)}
          onValid={(value) => {
            onValidity(node, true);
            onChange({ ...fixtures, [node]: value });
          }}
          onInvalid={() => onValidity(node, false)}
          onRemove={() => {
            onValidity(node, true);
            const { [node]: _gone, ...rest } = fixtures;
            onChange(rest);
          }}
        />
      ))}
      {missing.length > 0 && (
        <Select
          size="xs"
          placeholder={t('testEditor.addFixture')}
          aria-label={t('testEditor.addFixture')}
          data={missing}
          value={null}
          onChange={(node) => node && onChange({ ...fixtures, [node]: { status: 200, body: {} } })}
        />
      )}
    </Stack>
  );
}

function FixtureField({ node, initial, onValid, onInvalid, onRemove }: { node: string; initial: string; onValid(value: Fixtures[string]): void; onInvalid(): void; onRemove(): void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  return (
    <div data-fixture={node}>
      <Group justify="space-between" wrap="nowrap">
        <Text size="xs" fw={600} ff="monospace">
          {node}
        </Text>
        <Tooltip label={t('common.remove')}>
          <ActionIcon size="sm" variant="subtle" color="red" onClick={onRemove} aria-label={t('testEditor.removeFixture', { node })}>
            <IconTrash size={14} />
          </ActionIcon>
        </Tooltip>
      </Group>
      <Textarea
        size="xs"
        autosize
        minRows={2}
        maxRows={12}
        ff="monospace"
        aria-label={t('testEditor.fixtureOf', { node })}
        value={text}
        error={error}
        onChange={(e) => {
          const next = e.currentTarget.value;
          setText(next);
          const parsed = parseFixtureJson(next);
          setError(parsed.ok ? null : parsed.error);
          if (parsed.ok) onValid(parsed.value);
          else onInvalid();
        }}
      />
    </div>
  );
}
