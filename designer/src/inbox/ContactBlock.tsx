import { memo } from 'react';
import { ContactRow } from './ContactRow.tsx';

/**
 * A run of consecutive rows of a queue. Redrawn only when its own ids change: a change in a
 * queue of a thousand (a contact arriving at the end, one taken in the middle) walks the rows
 * of the blocks it touches, not the whole list.
 */
export const ContactBlock = memo(
  function ContactBlock({ ids }: { ids: readonly string[] }) {
    return ids.map((id) => (
      <li key={id}>
        <ContactRow id={id} />
      </li>
    ));
  },
  (before, after) => before.ids.length === after.ids.length && before.ids.every((id, i) => id === after.ids[i]),
);
