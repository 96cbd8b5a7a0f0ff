import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { Badge, Button, Group, Stack, Text, TextInput, Textarea, ThemeIcon, Title } from '@mantine/core';
import { IconCopy, IconTrash, IconPointer } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Identifier, type FlowNode } from '@griot/flows';
import { canvasStore, useCanvas } from '../canvas/canvasStore.ts';
import { documentActions, documentStore } from '../store/documentStore.ts';
import { useNode } from '../store/selectors.ts';
import { useLint } from '../checks/lintStore.ts';
import { describeIssue } from '../checks/describeIssue.ts';
import { schemaProblem } from '../checks/schemaProblem.ts';
import { designerOf } from '../nodes/registry.ts';
import { FieldErrorsProvider } from './fieldErrors.tsx';
import { nodeFieldErrors } from './nodeFieldErrors.ts';
import { OutputLinks } from './OutputLinks.tsx';

/** The form of the selected node: its common fields, then its type's own inspector. */
export function InspectorPanel({ readOnly }: { readOnly: boolean }) {
  const { t } = useTranslation();
  const selected = useSettledSelection();
  const node = useNode(selected.length === 1 ? selected[0] : undefined);
  if (selected.length > 1) {
    return (
      <Stack p="md" gap="sm">
        <Title order={5}>{t('inspector.manySelected', { count: selected.length })}</Title>
        {!readOnly && (
          <Group>
            <Button
              size="xs"
              variant="light"
              color="red"
              leftSection={<IconTrash size={14} />}
              onClick={() => documentActions().deleteElements(selected.filter((id) => documentStore.getState().doc?.nodes.find((n) => n.id === id)?.type !== 'start'))}
            >
              {t('common.delete')}
            </Button>
          </Group>
        )}
        <Text size="xs" c="dimmed">
          {t('inspector.manyHint')}
        </Text>
      </Stack>
    );
  }
  if (!node) {
    return (
      <Stack p="xl" align="center" gap="xs" className="empty-panel">
        <ThemeIcon size={44} radius="xl" variant="light" color="gray">
          <IconPointer size={22} />
        </ThemeIcon>
        <Text fw={500}>{t('inspector.nothingSelected')}</Text>
        <Text size="sm" c="dimmed" ta="center">
          {t('inspector.nothingSelectedHint')}
        </Text>
      </Stack>
    );
  }
  return <NodeInspector key={node.id} node={node} readOnly={readOnly} />;
}

/**
 * The selection once the mouse is released: grabbing a node to drag it selects it, and drawing
 * its form then would hold up the first frames of the drag.
 */
function useSettledSelection(): string[] {
  const live = useCanvas((s) => s.selectedNodeIds);
  const [held, setHeld] = useState(false);
  const settled = useRef(live);
  useEffect(() => {
    const down = (e: PointerEvent) => (e.target as Element | null)?.closest?.('.react-flow__node') && setHeld(true);
    const up = () => setHeld(false);
    window.addEventListener('pointerdown', down, true);
    window.addEventListener('pointerup', up, true);
    return () => {
      window.removeEventListener('pointerdown', down, true);
      window.removeEventListener('pointerup', up, true);
    };
  }, []);
  if (!held) settled.current = live;
  return settled.current;
}

/** Memoized: the panel re-renders on every selection event, the form only when its node changes. */
const NodeInspector = memo(function NodeInspector({ node, readOnly }: { node: FlowNode; readOnly: boolean }) {
  const { t } = useTranslation();
  const issues = useLint((s) => s.issues);
  const nodeIssues = useMemo(() => issues.filter((i) => i.node === node.id), [issues, node.id]);
  const errors = useMemo(
    () =>
      nodeFieldErrors(
        node,
        nodeIssues,
        (i) => describeIssue(i, t, documentStore.getState().doc),
        (p) => schemaProblem(p, t),
      ),
    [node, nodeIssues, t],
  );
  const designer = designerOf(node.type);
  const Icon = designer.icon;
  const Inspector = designer.Inspector;
  const general = nodeIssues.filter((i) => !i.field || !errors.has(i.field) || errors.get(i.field)?.message !== describeIssue(i, t, documentStore.getState().doc));
  return (
    <FieldErrorsProvider errors={errors}>
      <fieldset disabled={readOnly} className="inspector-fieldset">
        <Stack p="md" gap="md">
          <Group gap="sm" wrap="nowrap">
            <ThemeIcon color={designer.color} variant="light" size={34} radius="md">
              <Icon size={18} />
            </ThemeIcon>
            <div style={{ flex: 1, minWidth: 0 }}>
              <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
                {t(`nodes.${node.type}.name`)}
              </Text>
              <Text fw={600} truncate>
                {node.label || node.id}
              </Text>
            </div>
            {node.type !== 'start' && !readOnly && (
              <Button size="compact-xs" variant="subtle" color="red" leftSection={<IconTrash size={12} />} onClick={() => documentActions().deleteElements([node.id])}>
                {t('common.delete')}
              </Button>
            )}
          </Group>
          {general.length > 0 && (
            <Stack gap={4}>
              {general.map((issue, i) => (
                <Badge key={i} color={issue.severity === 'error' ? 'red' : 'orange'} variant="light" radius="sm" className="issue-badge" fullWidth>
                  {describeIssue(issue, t, documentStore.getState().doc)}
                </Badge>
              ))}
            </Stack>
          )}
          <Group grow gap="xs" align="flex-start">
            <NodeIdField node={node} />
            <TextInput
              size="xs"
              label={t('fields.label')}
              value={node.label ?? ''}
              placeholder={node.id}
              onChange={(e) => documentActions().setNodeField(node.id, 'label', e.currentTarget.value || undefined)}
            />
          </Group>
          <Inspector node={node as never} />
          <OutputLinks node={node} />
          <Textarea
            size="xs"
            label={t('fields.notes')}
            autosize
            minRows={1}
            value={node.notes ?? ''}
            onChange={(e) => documentActions().setNodeField(node.id, 'notes', e.currentTarget.value || undefined)}
          />
          <Text size="xs" c="dimmed">
            <IconCopy size={10} /> {t('inspector.copyHint')}
          </Text>
        </Stack>
      </fieldset>
    </FieldErrorsProvider>
  );
});

/** The id is edited aside and applied on Enter or leaving the field, so edges follow one rename. */
function NodeIdField({ node }: { node: FlowNode }) {
  const { t } = useTranslation();
  const [value, setValue] = useState(node.id);
  useEffect(() => setValue(node.id), [node.id]);
  const taken = value !== node.id && !!documentStore.getState().doc?.nodes.some((n) => n.id === value);
  const invalid = !Identifier.safeParse(value).success;
  const error = taken ? t('inspector.idTaken') : invalid ? t('inspector.idInvalid') : undefined;
  const commit = () => {
    if (!error && value !== node.id) {
      documentActions().renameNode(node.id, value);
      canvasStore.getState().focusNode(value);
    } else setValue(node.id);
  };
  return (
    <TextInput
      size="xs"
      label={t('fields.id')}
      value={value}
      error={error}
      ff="monospace"
      onChange={(e) => setValue(e.currentTarget.value)}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && commit()}
    />
  );
}
