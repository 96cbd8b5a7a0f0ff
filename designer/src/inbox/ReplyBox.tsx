import { useRef, useState, type FormEvent } from 'react';
import { Button, Group, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { inboxSync } from './inboxSync.ts';
import { newClientId } from './newClientId.ts';

/**
 * The agent's reply: Enter sends, Shift+Enter starts a new line; the text is kept until the server
 * took it. A reply keeps its id until accepted: sent again after a timeout or an error, it is
 * stored and delivered once (a changed text is a new reply, with a new id); one the platform
 * refused for good is shown "not delivered", and sending it again is a new reply.
 */
export function ReplyBox({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);
  const attempt = useRef<{ text: string; clientId: string } | null>(null);
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
          if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            void send();
          }
        }}
      />
      <Group justify="flex-end" mt={6}>
        <Button type="submit" loading={busy} disabled={text.trim() === ''}>
          {t('inbox.send')}
        </Button>
      </Group>
    </form>
  );
}
