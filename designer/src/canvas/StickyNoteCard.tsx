import { memo } from 'react';
import { ActionIcon, Group, Textarea, Tooltip, UnstyledButton } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import type { NodeProps } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { NoteColor } from '@griot/flows';
import { documentActions } from '../store/documentStore.ts';
import type { NoteCanvasNode } from './canvasNodes.ts';
import { sameCardProps } from './sameCardProps.ts';

/** A sticky note for the people editing the flow: drag it by its edge, type in it, pick a colour. */
export const StickyNoteCard = memo(function StickyNoteCard({ data, selected }: NodeProps<NoteCanvasNode>) {
  const { t } = useTranslation();
  const { note, readOnly } = data;
  const color = note.color ?? 'yellow';
  return (
    <div className={`sticky-note note-${color}${selected ? ' selected' : ''}`} data-note={note.id}>
      <Group justify="space-between" gap={2} className="sticky-note-bar">
        <Group gap={3}>
          {!readOnly &&
            NoteColor.options.map((c) => (
              <UnstyledButton
                key={c}
                className={`note-swatch note-${c}${c === color ? ' current' : ''} nodrag`}
                onClick={() => documentActions().editNote(note.id, { color: c })}
                aria-label={t(`notes.color.${c}`)}
              />
            ))}
        </Group>
        {!readOnly && (
          <Tooltip label={t('notes.remove')}>
            <ActionIcon size="xs" variant="subtle" color="gray" className="nodrag" onClick={() => documentActions().removeNotes([note.id])} aria-label={t('notes.remove')}>
              <IconTrash size={12} />
            </ActionIcon>
          </Tooltip>
        )}
      </Group>
      <Textarea
        variant="unstyled"
        autosize
        minRows={3}
        maxRows={16}
        readOnly={readOnly}
        className="nodrag nowheel"
        placeholder={t('notes.placeholder')}
        aria-label={t('notes.text')}
        value={note.text}
        onChange={(e) => documentActions().editNote(note.id, { text: e.currentTarget.value })}
      />
    </div>
  );
}, sameCardProps);
