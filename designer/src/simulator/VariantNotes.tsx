import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Effect } from '@griot/flows';
import { variantName } from '../inspector/fields/PromptVariants.tsx';

/**
 * Which prompts of a turn were said in one of their variants (the channel's own wording, or
 * the one for how its menu is shown), so a tester knows the text on the phone is not the
 * locale's plain text and where to edit it.
 */
export function VariantNotes({ effects }: { effects: readonly Effect[] }) {
  const { t } = useTranslation();
  return (
    <>
      {effects.flatMap((effect, i) =>
        effect.type === 'say' && effect.variant ? (
          <Text key={i} size="10px" c="dimmed" ta="center" className="wa-note sim-note" data-said-variant={`${effect.node}:${effect.variant}`}>
            ✎ {t('simulator.saidVariant', { node: effect.node, name: variantName(effect.variant, t) })}
          </Text>
        ) : (
          []
        ),
      )}
    </>
  );
}
