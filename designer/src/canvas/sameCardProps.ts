/**
 * React Flow hands a node component its position, its measured size and its drag state too; the canvas's
 * cards draw from `id`, `data` and `selected` only. Compared on those, a card is not drawn again when
 * React Flow measures every node once the flow opens (its width and height arrive), nor on each frame of a drag.
 */
export function sameCardProps(before: CardProps, after: CardProps): boolean {
  return before.id === after.id && before.data === after.data && before.selected === after.selected;
}

interface CardProps {
  id: string;
  data: unknown;
  selected?: boolean;
}
