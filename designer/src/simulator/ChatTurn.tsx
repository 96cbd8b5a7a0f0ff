import type { ReactNode } from 'react';
import { Text } from '@mantine/core';
import type { SimulatorTurn } from './simulatorStore.ts';
import { VariantNotes } from './VariantNotes.tsx';
import { LookupNote } from './LookupNote.tsx';

/**
 * One turn of a chat: what the subscriber sent (their bubble), the look-ups it ran, then the
 * flow's messages as the channel renders them (`children`), and the variant notes where the
 * channel shows them.
 */
export function ChatTurn({ turn, outClassName = 'wa-bubble out', variantNotes, children }: { turn: SimulatorTurn; outClassName?: string; variantNotes: boolean; children: ReactNode }) {
  return (
    <>
      {turn.shown && (
        <div className={outClassName}>
          <Text size="sm">{turn.shown}</Text>
        </div>
      )}
      {turn.lookups.map((lookup, i) => (
        <LookupNote key={`l${i}`} lookup={lookup} />
      ))}
      {children}
      {variantNotes && <VariantNotes effects={turn.effects} />}
    </>
  );
}
