import { useTranslation } from 'react-i18next';
import type { HandoffNote } from '@griot/flows';
import { useQueueLabel } from './QueueName.tsx';

/** One note: who wrote it, from which queue to which, when; then its words. */
function NoteItem({ note }: { note: HandoffNote }) {
  const { t, i18n } = useTranslation();
  const from = useQueueLabel(note.fromQueue);
  const to = useQueueLabel(note.toQueue);
  const time = new Date(note.at).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' });
  return (
    <li data-note-by={note.agent}>
      <span className="small">{t('inbox.noteBy', { agent: note.agent, from, to, time })}</span>
      <span className="text">{note.text}</span>
    </li>
  );
}

/** The notes agents wrote when transferring the contact, oldest first: what the next one reads before answering. */
export function TransferNotes({ notes }: { notes: HandoffNote[] }) {
  const { t } = useTranslation();
  return (
    <section className="transfer-notes" aria-label={t('inbox.notes')}>
      <h3 className="small transfer-notes-title">{t('inbox.notes')}</h3>
      <ol>
        {notes.map((note) => (
          <NoteItem key={`${note.at}-${note.agent}`} note={note} />
        ))}
      </ol>
    </section>
  );
}
