import { Badge, Group, Paper, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { FieldChange, Flow, FlowDiff } from '@griot/flows';
import { canvasStore } from '../canvas/canvasStore.ts';
import { useDocument } from '../store/documentStore.ts';
import { nodeName, readableField } from './readableField.ts';
import { DiffValue, TextChange } from './DiffValue.tsx';

/** Bookkeeping that changes with an edit but says nothing to a reader: which source text a translation was made from. */
const BOOKKEEPING = /(^|\.)(sourceStamp|audioSourceStamp|audioFile)$|(^|\.)labelSourceStamps(\.|$)/;

interface Props {
  diff: FlowDiff;
  /** The two versions compared, when known: options are then shown with the nodes they lead to in each. */
  before?: Flow | undefined;
  after?: Flow | undefined;
}

/** What changed between two versions, node by node and field by field. */
export function DiffView({ diff, before, after }: Props) {
  const { t } = useTranslation();
  const doc = useDocument((s) => s.doc);
  const flowId = useDocument((s) => s.flowId) ?? '';
  // Connections by their ends' canvas names: the nodes of either version, else the open draft's.
  const nodes = new Map<string, { id: string; label?: string | undefined }>([...(doc?.nodes ?? []), ...diff.nodes.removed, ...diff.nodes.added].map((n) => [n.id, n]));
  for (const c of diff.nodes.changed) if (c.label) nodes.set(c.id, { id: c.id, label: c.label });
  const name = (id: string) => nodeName(nodes.get(id), id);
  const edgeById = (id: string): string => {
    const edge = doc?.edges.find((e) => e.id === id);
    return edge ? `${name(edge.source)} → ${name(edge.target)}` : id;
  };
  const ends = (label: string): string => {
    const m = /^([^.]+)\.[^→]+→(.+)$/.exec(label);
    return m?.[1] && m[2] ? `${name(m[1])} → ${name(m[2])}` : label;
  };
  if (diff.same)
    return (
      <Text size="sm" c="dimmed">
        {t('diff.same')}
      </Text>
    );
  const changed = diff.nodes.changed.filter((c) => !c.movedOnly && c.fields.some((f) => !f.field.startsWith('position') && !BOOKKEEPING.test(f.field)));
  const moved = diff.nodes.changed.filter((c) => c.movedOnly);
  return (
    <Stack gap="sm" className="diff-view">
      <Group gap={6}>
        <Badge color="green" variant="light">
          {t('diff.added', { count: diff.nodes.added.length })}
        </Badge>
        <Badge color="red" variant="light">
          {t('diff.removed', { count: diff.nodes.removed.length })}
        </Badge>
        <Badge color="orange" variant="light">
          {t('diff.changed', { count: changed.length })}
        </Badge>
        {moved.length > 0 && (
          <Badge color="gray" variant="light">
            {t('diff.moved', { count: moved.length })}
          </Badge>
        )}
        <Badge color="blue" variant="light">
          {t('diff.edges', { count: diff.edges.added.length + diff.edges.removed.length + diff.edges.retargeted.length })}
        </Badge>
      </Group>
      {diff.nodes.added.map((n) => (
        <NodeLine key={`a-${n.id}`} id={n.id} name={n.label} kind="added" label={t(`nodes.${n.type}.name`)} />
      ))}
      {diff.nodes.removed.map((n) => (
        <NodeLine key={`r-${n.id}`} id={n.id} name={n.label} kind="removed" label={t(`nodes.${n.type}.name`)} />
      ))}
      {changed.map((c) => (
        <Paper key={`c-${c.id}`} withBorder radius="sm" p="xs" className="diff-node changed" data-diff-node={c.id}>
          <NodeLine id={c.id} name={c.label} kind="changed" label={t(`nodes.${c.type}.name`)} locales={c.locales} bare />
          <Changes changes={c.fields.filter((f) => !f.field.startsWith('position') && !BOOKKEEPING.test(f.field))} nodeId={c.id} flowId={flowId} before={before} after={after ?? doc ?? undefined} />
        </Paper>
      ))}
      {diff.edges.retargeted.length + diff.edges.added.length + diff.edges.removed.length > 0 && (
        <Paper withBorder radius="sm" p="xs">
          <Text size="xs" fw={600} mb={4}>
            {t('diff.connections')}
          </Text>
          {diff.edges.added.map((id) => (
            <Text key={id} size="xs" c="green" title={id}>
              + {edgeById(id)}
            </Text>
          ))}
          {diff.edges.removed.map((id) => (
            <Text key={id} size="xs" c="red" title={id}>
              − {edgeById(id)}
            </Text>
          ))}
          {diff.edges.retargeted.map((r) => (
            <Text key={r.id} size="xs" title={`${r.before} → ${r.after}`}>
              {ends(r.before)} ⇒ {ends(r.after)}
            </Text>
          ))}
        </Paper>
      )}
      {diff.flow.length > 0 && (
        <Paper withBorder radius="sm" p="xs">
          <Text size="xs" fw={600} mb={4}>
            {t('diff.flowFields')}
          </Text>
          <Changes changes={diff.flow} flowId={flowId} before={before} after={after ?? doc ?? undefined} />
        </Paper>
      )}
    </Stack>
  );
}

function NodeLine({ id, name, kind, label, locales, bare }: { id: string; name?: string | undefined; kind: 'added' | 'removed' | 'changed'; label: string; locales?: string[]; bare?: boolean }) {
  const { t } = useTranslation();
  const color = kind === 'added' ? 'green' : kind === 'removed' ? 'red' : 'orange';
  const content = (
    <Group gap={6} wrap="nowrap">
      <Badge size="xs" color={color} variant="filled" w={70}>
        {t(`diff.kind.${kind}`)}
      </Badge>
      <UnstyledButton onClick={() => kind !== 'removed' && canvasStore.getState().focusNode(id)} disabled={kind === 'removed'}>
        <Text size="sm" fw={600} title={id}>
          {name || id}
        </Text>
      </UnstyledButton>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      {locales?.map((l) => (
        <Badge key={l} size="xs" variant="outline" radius="sm">
          {l}
        </Badge>
      ))}
    </Group>
  );
  return bare ? (
    content
  ) : (
    <Paper withBorder radius="sm" p="xs" className={`diff-node ${kind}`} data-diff-node={id}>
      {content}
    </Paper>
  );
}

interface ChangesProps {
  changes: FieldChange[];
  flowId: string;
  nodeId?: string;
  before?: Flow | undefined;
  after?: Flow | undefined;
}

function Changes({ changes, flowId, nodeId, before, after }: ChangesProps) {
  const { t } = useTranslation();
  const node = nodeId ? (after?.nodes.find((n) => n.id === nodeId) ?? before?.nodes.find((n) => n.id === nodeId)) : undefined;
  return (
    <Table withRowBorders={false} verticalSpacing={2} fz="xs" mt={4}>
      <Table.Tbody>
        {changes.map((f) => (
          <Table.Tr key={f.field} data-diff-field={f.field}>
            <Table.Td className="diff-field" c="dimmed" title={f.field}>
              {readableField(f.field, node, t)}
            </Table.Td>
            <Table.Td className="diff-change">
              {typeof f.before === 'string' && typeof f.after === 'string' && !/(^|\.)audio$/.test(f.field) ? (
                <TextChange before={f.before} after={f.after} />
              ) : (
                <>
                  <DiffValue value={f.before} context={{ flowId, nodeId, field: f.field, doc: before, side: 'before' }} /> <span className="diff-arrow">→</span>{' '}
                  <DiffValue value={f.after} context={{ flowId, nodeId, field: f.field, doc: after, side: 'after' }} />
                </>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
