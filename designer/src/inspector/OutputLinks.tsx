import { useMemo, type KeyboardEvent } from 'react';
import { Select, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { outputsOf, type FlowNode } from '@griot/flows';
import { documentActions, useDocument } from '../store/documentStore.ts';
import { useDefaultLocale } from '../store/selectors.ts';
import { designerOf } from '../nodes/registry.ts';

/** Not a node id (ids start with a letter): the « aucun » choice. */
const NONE = ':none';

/**
 * « Relier à… » for each output of the node: where it leads, chosen by keyboard from a searchable
 * list of the flow's nodes, or « aucun ». The same store action as a drag between two handles
 * (one undo step), so a flow can be built without a mouse.
 */
export function OutputLinks({ node }: { node: FlowNode }) {
  const { t } = useTranslation();
  const locale = useDefaultLocale();
  const nodes = useDocument((s) => s.doc?.nodes);
  const edges = useDocument((s) => s.doc?.edges);
  const outputs = outputsOf(node);
  const options = useMemo(
    () => [
      { value: NONE, label: t('inspector.linkNone') },
      // The start is entered by a call, never by a link.
      // Its name and id (a node without a name: its type), so two « Merci » can be told apart.
      ...(nodes ?? []).filter((n) => n.type !== 'start').map((n) => ({ value: n.id, label: `${n.label || t(`nodes.${n.type}.name`)} (${n.id})` })),
    ],
    [nodes, t],
  );
  if (outputs.length === 0) return null;
  const designer = designerOf(node.type);
  return (
    <Stack gap={6} data-output-links>
      <Text size="sm" fw={600}>
        {t('inspector.links')}
      </Text>
      {outputs.map((output) => {
        const edge = edges?.find((e) => e.source === node.id && e.output === output);
        const name = designer.outputLabel?.(node, output, locale, locale) ?? t(`outputs.${output}`, { defaultValue: output });
        return (
          <Select
            key={output}
            size="xs"
            label={t('inspector.linkTo', { output: name })}
            data={options}
            value={edge?.target ?? NONE}
            searchable
            selectFirstOptionOnChange
            onFocus={(e) => e.currentTarget.select()}
            onKeyDownCapture={enterTakesShownPick}
            allowDeselect={false}
            nothingFoundMessage={t('canvas.searchNothing')}
            comboboxProps={{ withinPortal: true }}
            data-output={output}
            onChange={(target) => {
              if (!target || target === (edge?.target ?? NONE)) return;
              if (target === NONE) {
                if (edge) documentActions().deleteEdges([edge.id]);
              } else documentActions().connect(node.id, output, target);
            }}
          />
        );
      })}
    </Stack>
  );
}

/**
 * Enter takes the option the list shows picked. Mantine's Select picks the first option as the user
 * types, but the list, once open, reads which option is picked again a moment later (a timer): when
 * the page is busy the keys come first, that late read finds no pick among the options left (the
 * current link is filtered out), and Enter was then ignored with « aucun » shown picked and the
 * list left open. The option shown picked is chosen here, and Mantine's own Enter is not run.
 */
function enterTakesShownPick(event: KeyboardEvent<HTMLInputElement>): void {
  if (event.key !== 'Enter' || event.nativeEvent.isComposing) return;
  const list = event.currentTarget.getAttribute('aria-controls');
  const picked = list ? document.getElementById(list)?.querySelector<HTMLElement>('[data-combobox-option][data-combobox-selected]') : null;
  if (!picked) return;
  event.preventDefault();
  event.stopPropagation();
  picked.click();
}
