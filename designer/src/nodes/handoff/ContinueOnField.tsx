import { Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { IconBrandWhatsapp } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { NodeOf } from '@griot/flows';
import { documentActions } from '../../store/documentStore.ts';
import { LocalizedTextEditor } from '../../inspector/fields/LocalizedTextEditor.tsx';
import { useFieldError } from '../../inspector/fieldErrors.tsx';

const NONE = 'none';

/**
 * Whether the agent answers on another channel (WhatsApp) and, if so, the message written there in
 * every locale. The choice changes the node's outputs, so it goes through its own action.
 */
export function ContinueOnField({ node }: { node: NodeOf<'handoff'> }) {
  const { t } = useTranslation();
  // Lint's `handoff.continueMessage`: the channel is chosen but no message is written yet.
  const messageError = useFieldError('continueMessage');
  return (
    <Stack gap={6}>
      <div>
        <Text size="sm" fw={500}>
          {t('nodes.handoff.continueOn')}
        </Text>
        <Text size="xs" c="dimmed">
          {t('nodes.handoff.continueOnHelp')}
        </Text>
      </div>
      <SegmentedControl
        size="xs"
        data-field="continueOn"
        value={node.continueOn ?? NONE}
        onChange={(v) => documentActions().setHandoffContinueOn(node.id, v === 'whatsapp' ? 'whatsapp' : undefined)}
        data={[
          { value: NONE, label: t('nodes.handoff.continueOnNone') },
          {
            value: 'whatsapp',
            label: (
              <Group gap={4} justify="center" wrap="nowrap">
                <IconBrandWhatsapp size={14} />
                WhatsApp
              </Group>
            ),
          },
        ]}
      />
      {node.continueOn && (
        <>
          <Text size="xs" c="dimmed" data-hint="continueOn">
            {t('nodes.handoff.continueExplained')}
          </Text>
          <div>
            <Text size="sm" fw={500}>
              {t('fields.continueMessage')}
            </Text>
            <Text size="xs" c="dimmed">
              {t('nodes.handoff.continueMessageHelp')}
            </Text>
          </div>
          {messageError && (
            <Text size="xs" c="red">
              {messageError}
            </Text>
          )}
          <LocalizedTextEditor nodeId={node.id} field="continueMessage" value={node.continueMessage ?? {}} multiline />
        </>
      )}
    </Stack>
  );
}
