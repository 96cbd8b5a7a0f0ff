import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Button, Group, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { inboxSync } from './inboxSync.ts';
import { newClientId } from './newClientId.ts';
import { cannedMatches, cannedText, slashQuery, type CannedReply } from './cannedReplies.ts';
import { loadCannedReplies, useCannedReplies } from './cannedReplyStore.ts';

/** How many canned replies the list shows at once: the agent types more letters for the others. */
const SHOWN = 8;

/**
 * The agent's reply: Enter sends, Shift+Enter starts a new line; the text is kept until the
 * server took it. Canned replies ("réponses types"): "/" and a few letters of a title, or the
 * "Réponses types" button, list those of the contact's queue; picking one puts its text (in the
 * caller's language when it has it) in the box, to edit before sending. Plain text: nothing in it
 * is filled from the caller's data. A reply keeps its id until accepted: sent again after a timeout
 * or an error, it is stored and delivered once (a changed text is a new reply, with a new id); one
 * the platform refused for good is shown "not delivered", and sending it again is a new reply.
 */
export function ReplyBox({ contactId, queue, locale }: { contactId: string; queue: string; locale: string }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [picking, setPicking] = useState(false);
  const [search, setSearch] = useState('');
  const input = useRef<HTMLTextAreaElement>(null);
  const attempt = useRef<{ text: string; clientId: string } | null>(null);
  const replies = useCannedReplies();
  // Read again for each conversation opened: a reply a supervisor just added is there without reloading the page.
  useEffect(() => void loadCannedReplies(true), []);
  const slash = slashQuery(text);
  const query = slash ?? (picking ? search : null);
  const matches = query === null ? [] : cannedMatches(replies, query, queue).slice(0, SHOWN);
  const insert = (reply: CannedReply) => {
    setText(cannedText(reply, locale));
    setPicking(false);
    setSearch('');
    input.current?.focus();
  };
  const send = async (event?: FormEvent) => {
    event?.preventDefault();
    const value = text.trim();
    if (!value || busy) return;
    setBusy(true);
    if (attempt.current?.text !== value) attempt.current = { text: value, clientId: newClientId() };
    const sent = await inboxSync.act(contactId, { kind: 'reply', text: value, clientId: attempt.current.clientId });
    setBusy(false);
    if (sent || inboxSync.replyRefusedForGood()) attempt.current = null;
    if (sent) {
      setText('');
      input.current?.focus();
    }
  };
  return (
    <form className="compose" onSubmit={(e) => void send(e)}>
      {query !== null && (
        <fieldset className="canned" aria-label={t('inbox.canned.title')}>
          {picking && slash === null && (
            <TextInput
              size="xs"
              label={t('inbox.canned.search')}
              value={search}
              autoFocus
              onChange={(e) => setSearch(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && matches[0]) {
                  e.preventDefault();
                  insert(matches[0]);
                } else if (e.key === 'Escape') setPicking(false);
              }}
            />
          )}
          {matches.length > 0 ? (
            <ul className="canned-list">
              {matches.map((reply) => (
                <li key={reply.id}>
                  <button type="button" className="canned-reply" data-canned-id={reply.id} onClick={() => insert(reply)}>
                    <strong>{reply.title}</strong>
                    <span className="small">{cannedText(reply, locale)}</span>
                  </button>
                </li>
              ))}
            </ul>
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
        minRows={2}
        maxRows={6}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && slash !== null) {
            e.preventDefault();
            setText('');
          } else if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            // "/sal" then Enter inserts the first reply found rather than sending "/sal".
            if (slash !== null) {
              if (matches[0]) insert(matches[0]);
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
