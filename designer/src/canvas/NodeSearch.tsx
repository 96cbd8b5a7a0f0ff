import { useEffect, useMemo, useState } from 'react';
import { Badge, Group, Text } from '@mantine/core';
import { Spotlight, spotlight } from '@mantine/spotlight';
import { IconSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { FlowNode } from '@griot/flows';
import { documentStore } from '../store/documentStore.ts';
import { designerOf } from '../nodes/registry.ts';
import { canvasStore, useCanvas } from './canvasStore.ts';
import { rankNodes, searchText } from './rankNodes.ts';

const LIMIT = 30;

/** Ctrl+K: find a node by id, label or prompt text and jump to it; an exact name comes first. */
export function NodeSearch() {
  const { t } = useTranslation();
  const open = useCanvas((s) => s.searchOpen);
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState<Array<{ node: FlowNode; text: string }>>([]);

  useEffect(() => {
    if (!open) return;
    // Indexed when opened: the document may have changed since.
    setIndex((documentStore.getState().doc?.nodes ?? []).map((node) => ({ node, text: searchText(node) })));
    spotlight.open();
  }, [open]);

  const results = useMemo(() => {
    return rankNodes(index, query).slice(0, LIMIT);
  }, [index, query]);

  return (
    <Spotlight.Root returnFocus={false} query={query} onQueryChange={setQuery} shortcut={null} onSpotlightClose={() => canvasStore.getState().setSearchOpen(false)} scrollable maxHeight={420}>
      <Spotlight.Search placeholder={t('canvas.searchPlaceholder')} leftSection={<IconSearch size={18} />} />
      <Spotlight.ActionsList>
        {results.length === 0 && <Spotlight.Empty>{t('canvas.searchNothing')}</Spotlight.Empty>}
        {results.map(({ node }) => {
          const designer = designerOf(node.type);
          const Icon = designer.icon;
          return (
            <Spotlight.Action
              key={node.id}
              onClick={() => {
                const canvas = canvasStore.getState();
                // The node found is shown in the inspector, not behind « Versions » or « Vérif. »; a call under way in the simulator stays in view.
                if (canvas.panel !== 'simulator') canvas.setPanel('inspector');
                canvas.focusNode(node.id);
                focusCard(node.id);
              }}
              data-result={node.id}
            >
              <Group wrap="nowrap" gap="sm" w="100%">
                <Icon size={18} color={`var(--mantine-color-${designer.color}-6)`} />
                <div style={{ flex: 1, minWidth: 0 }}>
                  <Text size="sm" fw={500} truncate>
                    {node.label || node.id}
                  </Text>
                  <Text size="xs" c="dimmed" truncate>
                    {node.id}
                  </Text>
                </div>
                <Badge size="xs" variant="light" color={designer.color}>
                  {t(`nodes.${node.type}.name`)}
                </Badge>
              </Group>
            </Spotlight.Action>
          );
        })}
      </Spotlight.ActionsList>
    </Spotlight.Root>
  );
}

/**
 * The keyboard moves on to the node found: focused (arrows move it, Tab goes on from it) once the
 * search has closed and the card is drawn (a node in a folded section is drawn when it unfolds).
 * Unless the editor went on meanwhile: a field they focused while the search faded out or the card
 * was still being drawn (the inspector shows the node at once) keeps the focus, and what they type
 * goes on into it, not to the card (a letter, an arrow or Delete there acts on the node).
 */
function focusCard(id: string): void {
  let frames = 0;
  const attempt = () => {
    const card = document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(id)}"]`);
    const searching = document.querySelector('.mantine-Spotlight-content');
    const active = document.activeElement;
    if (active && active !== document.body && active !== card && !active.closest('.mantine-Spotlight-root, .mantine-Spotlight-content')) return;
    if (card && !searching) {
      card.focus({ preventScroll: true });
      return;
    }
    if (frames++ < 120) requestAnimationFrame(attempt);
  };
  requestAnimationFrame(attempt);
}
