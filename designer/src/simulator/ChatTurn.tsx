import type { ReactNode } from 'react';
import { Text } from '@mantine/core';
import type { SimulatorTurn } from './simulatorStore.ts';
import { VariantNotes } from './VariantNotes.tsx';
import { LookupNote } from './LookupNote.tsx';

/**
 * One turn of a chat: what the subscriber sent (their bubble), the look-ups it ran, then the
 * flow's messages as the channel renders them (`children`), and which of its prompts were said
 * in a variant (every channel may have its own wording).
 */
export function ChatTurn({ turn, outClassName = 'wa-bubble out', children }: { turn: SimulatorTurn; outClassName?: string; children: ReactNode }) {
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
      <VariantNotes effects={turn.effects} />
    </>
  );
}
