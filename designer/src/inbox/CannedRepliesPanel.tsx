import { useEffect, useState, type FormEvent } from 'react';
import { Alert, Button, Checkbox, Group, MultiSelect, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { agentApi, type CannedReplyBody } from '../api/agentApi.ts';
import { useApiErrorText } from '../admin/useApiErrorText.ts';
import type { CannedReply } from './cannedReplies.ts';
import { loadCannedReplies, useCannedReplies } from './cannedReplyStore.ts';
import { useInbox } from './useInbox.ts';
import { queueLabel } from './queueLabel.ts';
import { isolate } from '../i18n/isolate.ts';
import { Bdi } from '../i18n/Bdi.tsx';

interface Draft {
  id: string | null;
  title: string;
  fr: string;
  en: string;
  /** The queues it is meant for; none: every queue. */
  queues: string[];
  /** Languages other than French and English the reply already has, kept as they are. */
  others: Record<string, string>;
}

const blank: Draft = { id: null, title: '', fr: '', en: '', queues: [], others: {} };
const draftOf = (reply: CannedReply): Draft => {
  const { fr = '', en = '', ...others } = reply.texts;
  return { id: reply.id, title: reply.title, fr, en, queues: reply.queues ?? [], others };
};
function bodyOf(draft: Draft): CannedReplyBody | null {
  const texts: Record<string, string> = { ...draft.others };
  if (draft.fr.trim()) texts.fr = draft.fr.trim();
  if (draft.en.trim()) texts.en = draft.en.trim();
  if (!draft.title.trim() || Object.keys(texts).length === 0) return null;
  return { title: draft.title.trim(), texts, ...(draft.queues.length > 0 ? { queues: draft.queues } : {}) };
}

/**
 * The replies with `queue`: moved (meant for it only), or also offered there (added to their queues;
 * one meant for every queue is offered there already and stays as it is).
 */
export function withQueue(reply: CannedReply, queue: string, how: 'move' | 'add'): CannedReplyBody | null {
  if (how === 'add' && (!reply.queues || reply.queues.includes(queue))) return null;
  if (how === 'move' && reply.queues?.length === 1 && reply.queues[0] === queue) return null;
  const queues = how === 'move' ? [queue] : [...(reply.queues ?? []), queue];
  return { title: reply.title, texts: reply.texts, queues };
}

/**
 * The supervisor's list of canned replies ("réponses types"): add, edit, delete; several ticked at
 * once are moved to a queue, or offered there too (« Déplacer vers la file… », one PUT each, as an
 * edit would); agents see the change at their next look.
 */
export function CannedRepliesPanel() {
  const { t } = useTranslation();
  const errorText = useApiErrorText();
  const replies = useCannedReplies();
  const queueNames = useInbox((s) => s.queueNames);
  const settings = useInbox((s) => s.settings);
  const named = (queue: string) => queueLabel(queue, settings[queue]);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [ticked, setTicked] = useState<string[]>([]);
  const [target, setTarget] = useState<string | null>(null);
  useEffect(() => void loadCannedReplies(true), []);
  // A reply removed meanwhile is no longer ticked.
  const selected = replies.filter((reply) => ticked.includes(reply.id));
  const moveTicked = async (how: 'move' | 'add') => {
    if (!target || selected.length === 0) return;
    setBusy(true);
    setMessage(null);
    let done = 0;
    const failed: string[] = [];
    for (const reply of selected) {
      const body = withQueue(reply, target, how);
      if (!body) {
        done += 1;
        continue;
      }
      try {
        await agentApi.updateCannedReply(reply.id, body);
        done += 1;
      } catch (error) {
        failed.push(`${isolate(reply.title)} (${errorText(error)})`);
      }
    }
    await loadCannedReplies(true).catch(() => undefined);
    setBusy(false);
    if (failed.length > 0) setMessage({ ok: false, text: t('supervision.canned.bulkFailed', { count: failed.length, titles: failed.join(', ') }) });
    else {
      setMessage({ ok: true, text: t(how === 'move' ? 'supervision.canned.bulkMoved' : 'supervision.canned.bulkAdded', { count: done, queue: named(target) }) });
      setTicked([]);
    }
  };
  const edit = (patch: Partial<Draft>) => setDraft((d) => (d ? { ...d, ...patch } : d));
  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!draft) return;
    const body = bodyOf(draft);
    if (!body) return setMessage({ ok: false, text: t('supervision.canned.needText') });
    setBusy(true);
    try {
      const saved = draft.id ? await agentApi.updateCannedReply(draft.id, body) : await agentApi.createCannedReply(body);
      await loadCannedReplies(true);
      setDraft(null);
      setMessage({ ok: true, text: t('supervision.canned.saved', { title: saved.title }) });
    } catch (error) {
      setMessage({ ok: false, text: errorText(error) });
    } finally {
      setBusy(false);
    }
  };
  const remove = async (reply: CannedReply) => {
    if (!window.confirm(t('supervision.canned.removeConfirm', { title: reply.title }))) return;
    try {
      await agentApi.deleteCannedReply(reply.id);
      await loadCannedReplies(true);
    } catch (error) {
      setMessage({ ok: false, text: errorText(error) });
    }
  };
  return (
    <Stack gap="sm" className="canned-replies-admin">
      <Text size="sm" c="dimmed">
        {t('supervision.canned.intro')}
      </Text>
      {replies.length === 0 ? (
        <Text size="sm">{t('supervision.canned.empty')}</Text>
      ) : (
        <ul className="canned-admin-list">
          {replies.map((reply) => (
            <li key={reply.id} data-canned-id={reply.id}>
              <Checkbox
                aria-label={`${t('supervision.canned.tick')} · ${isolate(reply.title)}`}
                checked={ticked.includes(reply.id)}
                onChange={(e) => {
                  const on = e.currentTarget.checked;
                  setTicked((ids) => (on ? [...ids, reply.id] : ids.filter((id) => id !== reply.id)));
                }}
              />
              <div className="canned-text">
                <strong>
                  <Bdi>{reply.title}</Bdi>
                </strong>{' '}
                <span className="small">· {reply.queues?.map((queue) => isolate(named(queue))).join(', ') ?? t('supervision.canned.allQueues')}</span>
                <div className="small">{reply.texts.fr ?? Object.values(reply.texts)[0]}</div>
              </div>
              <Group gap={4} wrap="nowrap">
                <Button size="xs" variant="default" onClick={() => setDraft(draftOf(reply))} aria-label={`${t('supervision.canned.edit')} · ${isolate(reply.title)}`}>
                  {t('supervision.canned.edit')}
                </Button>
                <Button size="xs" variant="subtle" color="red" onClick={() => void remove(reply)} aria-label={`${t('supervision.canned.remove')} · ${isolate(reply.title)}`}>
                  {t('supervision.canned.remove')}
                </Button>
              </Group>
            </li>
          ))}
        </ul>
      )}
      {selected.length > 0 && (
        <Group gap="xs" align="flex-end" className="canned-bulk" data-testid="canned-bulk">
          <Select
            label={t('supervision.canned.bulkTarget', { count: selected.length })}
            placeholder={t('supervision.canned.bulkPick')}
            searchable
            data={queueNames.map((queue) => ({ value: queue, label: named(queue) }))}
            value={target}
            onChange={setTarget}
          />
          <Button disabled={!target} loading={busy} onClick={() => void moveTicked('move')}>
            {t('supervision.canned.bulkMove')}
          </Button>
          <Button variant="default" disabled={!target || busy} onClick={() => void moveTicked('add')}>
            {t('supervision.canned.bulkAdd')}
          </Button>
        </Group>
      )}
      {message && (
        <Alert color={message.ok ? 'teal' : 'red'} variant="light" p="xs" role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </Alert>
      )}
      {draft ? (
        <form onSubmit={(e) => void save(e)} aria-label={t('supervision.canned.title')} className="canned-form">
          <Stack gap="xs">
            <TextInput label={t('supervision.canned.fieldTitle')} required maxLength={120} value={draft.title} onChange={(e) => edit({ title: e.currentTarget.value })} />
            <Textarea label={t('supervision.canned.fieldFr')} autosize minRows={2} maxLength={4096} value={draft.fr} onChange={(e) => edit({ fr: e.currentTarget.value })} />
            <Textarea label={t('supervision.canned.fieldEn')} autosize minRows={2} maxLength={4096} value={draft.en} onChange={(e) => edit({ en: e.currentTarget.value })} />
            <MultiSelect
              label={t('supervision.canned.fieldQueues')}
              description={t('supervision.canned.fieldQueuesHelp')}
              placeholder={draft.queues.length === 0 ? t('supervision.canned.allQueues') : undefined}
              searchable
              clearable
              data={[...new Set([...queueNames, ...draft.queues])].map((queue) => ({ value: queue, label: named(queue) }))}
              value={draft.queues}
              onChange={(queues) => edit({ queues })}
            />
            <Group gap="xs">
              <Button type="submit" loading={busy}>
                {t('supervision.canned.save')}
              </Button>
              <Button variant="default" onClick={() => setDraft(null)}>
                {t('supervision.canned.cancel')}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : (
        <Group>
          <Button
            variant="light"
            onClick={() => {
              setMessage(null);
              setDraft(blank);
            }}
          >
            {t('supervision.canned.add')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
