import { z } from 'zod';
import { Identifier, Position } from './common.ts';

/**
 * A named section of the canvas: nodes drawn inside one frame, which can be folded into a single
 * card so a large tree reads at a glance. Drawing only: the interpreter never reads it.
 */
export const CanvasGroup = z
  .object({
    id: Identifier,
    label: z.string().min(1).max(120),
    /** The nodes in the section; a node belongs to one section at most. */
    nodes: z.array(Identifier).min(1).max(5000),
    /** Folded: the section shows as one card, its connections drawn from and to the card. */
    collapsed: z.boolean().optional(),
  })
  .strict();
export type CanvasGroup = z.infer<typeof CanvasGroup>;

export const NoteColor = z.enum(['yellow', 'blue', 'green', 'pink']);

/** A sticky note on the canvas, for the people who edit the flow. Never said to a caller. */
export const StickyNote = z
  .object({
    id: Identifier,
    text: z.string().max(2000),
    position: Position,
    color: NoteColor.optional(),
  })
  .strict();
export type StickyNote = z.infer<typeof StickyNote>;

/** How the canvas is organised beyond node positions: sections and sticky notes. */
export const CanvasLayout = z
  .object({
    groups: z.array(CanvasGroup).max(500).default([]),
    notes: z.array(StickyNote).max(1000).default([]),
  })
  .strict();
export type CanvasLayout = z.infer<typeof CanvasLayout>;
