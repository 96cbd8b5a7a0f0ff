import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Button, Group, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { replyOutbox, useReplyDraft } from './replyOutbox.ts';
import { cannedMatches, cannedText, slashQuery, type CannedReply } from './cannedReplies.ts';
import { loadCannedReplies, useCannedReplies } from './cannedReplyStore.ts';
import { Bdi } from '../i18n/Bdi.tsx';

/** How many canned replies the list shows at once: the agent types more letters for the others. */
const SHOWN = 8;

/**
 * The agent's reply: Enter sends, Shift+Enter starts a new line; the text is kept until the
 * server took it. Canned replies ("réponses types"): "/" and a few letters of a title, or the
 * "Réponses types" button, list those of the contact's queue; picking one puts its text (in the
 * caller's language when it has it) in the box, to edit before sending. The list is a listbox the
 * keyboard walks (arrows, Home, End; Enter inserts the reply shown active; Escape closes it), the
 * box or the search field its combobox; a reply a supervisor adds meanwhile is offered at once
 * (the live stream's `canned` event reads the list again). Plain text: nothing in it
 * is filled from the caller's data. A reply keeps its id until accepted: sent again after a timeout
 * or an error, it is stored and delivered once (a changed text is a new reply, with a new id); one
 * the platform refused for good is shown "not delivered", and sending it again is a new reply.
 * A reply that could not reach the server (the network or the server down) is said unsent at the
 * field, and goes by itself, with the same id, when the live updates or the network come back —
 * once: the server keeps one message per id. What the box holds (a text being written, a reply
 * unsent) stays with its contact while the agent opens another one (replyOutbox.ts).
 */
export function ReplyBox({ contactId, queue, locale }: { contactId: string; queue: string; locale: string }) {
  const { t } = useTranslation();
  const { text, busy, unsent } = useReplyDraft(replyOutbox, contactId);
  const setText = (value: string) => replyOutbox.type(contactId, value);
  const [picking, setPicking] = useState(false);
  const [search, setSearch] = useState('');
  const input = useRef<HTMLTextAreaElement>(null);
  // The option the keyboard is on, for the query it was chosen in: a new search starts from the first.
  const [active, setActive] = useState<{ query: string | null; index: number }>({ query: null, index: 0 });
  const listId = useId();
  const replies = useCannedReplies();
  // Read again for each conversation opened (and on each change, by the live stream).
  useEffect(() => void loadCannedReplies(true), []);
  const slash = slashQuery(text);
  const query = slash ?? (picking ? search : null);
  const matches = query === null ? [] : cannedMatches(replies, query, queue).slice(0, SHOWN);
  const current = matches.length ? Math.min(active.query === query ? active.index : 0, matches.length - 1) : -1;
  const optionId = (index: number) => `${listId}-option-${index}`;
  const insert = (reply: CannedReply) => {
    setText(cannedText(reply, locale));
    setPicking(false);
    setSearch('');
    input.current?.focus();
  };
  /** Arrows, Home and End walk the list; true when the key was the list's. */
  const walk = (event: KeyboardEvent) => {
    if (!matches.length) return false;
    const last = matches.length - 1;
    const next = { ArrowDown: current >= last ? 0 : current + 1, ArrowUp: current <= 0 ? last : current - 1, Home: 0, End: last }[event.key];
    if (next === undefined) return false;
    event.preventDefault();
    setActive({ query, index: next });
    document.getElementById(optionId(next))?.scrollIntoView({ block: 'nearest' });
    return true;
  };
  /** What the box or the search field says to assistive technologies about the list it controls. */
  const listed = query !== null && matches.length > 0;
  const controls = listed ? { 'aria-controls': listId, 'aria-activedescendant': current >= 0 ? optionId(current) : undefined } : {};
  const send = async (event?: FormEvent) => {
    event?.preventDefault();
    const sent = await replyOutbox.send(contactId);
    if (sent && (event || document.activeElement === document.body)) input.current?.focus();
  };
  // Unsent, still as it was: it goes when the server answers again (replyOutbox, for every conversation).
  const pending = unsent !== null && unsent === text.trim();
  return (
    <form className="compose" onSubmit={(e) => void send(e)}>
      {query !== null && (
        <fieldset className="canned" aria-label={t('inbox.canned.title')}>
          {picking && slash === null && (
            <TextInput
              size="xs"
              role="combobox"
              aria-expanded={listed}
              aria-autocomplete="list"
              {...controls}
              label={t('inbox.canned.search')}
              value={search}
              autoFocus
              onChange={(e) => setSearch(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (walk(e)) return;
                if (e.key === 'Enter' && current >= 0) {
                  e.preventDefault();
                  insert(matches[current] as CannedReply);
                } else if (e.key === 'Escape') {
                  e.preventDefault();
                  setPicking(false);
                  setSearch('');
                  input.current?.focus();
                }
              }}
            />
          )}
          {matches.length > 0 ? (
            <div className="canned-list" role="listbox" id={listId} aria-label={t('inbox.canned.title')} tabIndex={-1}>
              {matches.map((reply, index) => (
                // The keyboard stays in the box (aria-activedescendant); the mouse picks with a click.
                // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox's keys choose the option
                <div
                  key={reply.id}
                  id={optionId(index)}
                  role="option"
                  tabIndex={-1}
                  aria-selected={index === current}
                  className="canned-reply"
                  data-canned-id={reply.id}
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => insert(reply)}
                >
                  <strong>
                    <Bdi>{reply.title}</Bdi>
                  </strong>
                  <span className="small">{cannedText(reply, locale)}</span>
                </div>
              ))}
            </div>
          ) : (
            <p className="small canned-none">{replies.length ? t('inbox.canned.noMatch') : t('inbox.canned.none')}</p>
          )}
        </fieldset>
      )}
      <Textarea
        ref={input}
        name="reply"
        label={t('inbox.reply')}
        description={t('inbox.replyHint')}
        autosize
        minRows={1}
        maxRows={6}
        value={text}
        error={pending ? t('inbox.replyUnsent') : undefined}
        aria-autocomplete={slash !== null ? 'list' : undefined}
        {...(slash !== null ? controls : {})}
        onChange={(e) => setText(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (slash !== null && walk(e)) return;
          if (e.key === 'Escape' && slash !== null) {
            e.preventDefault();
            setText('');
          } else if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            // "/sal" then Enter inserts the reply shown active rather than sending "/sal".
            if (slash !== null) {
              if (current >= 0) insert(matches[current] as CannedReply);
            } else void send();
          }
        }}
      />
      <Group justify="space-between" mt={6}>
        <Button type="button" variant="default" size="sm" aria-expanded={picking} onClick={() => setPicking((p) => !p)}>
          {t('inbox.canned.title')}
        </Button>
        <Button type="submit" loading={busy} disabled={text.trim() === '' || slash !== null}>
          {t('inbox.send')}
        </Button>
      </Group>
    </form>
  );
}
