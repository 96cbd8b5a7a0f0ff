import { useEffect, useRef, useState } from 'react';
import { ActionIcon, Group, Text, Tooltip } from '@mantine/core';
import { IconPlayerPlay, IconPlayerStop } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { Flow } from '@griot/flows';
import { audioApi } from '../api/audioApi.ts';
import { nodeName } from './readableField.ts';
import { lineDiff } from './lineDiff.ts';
import { Bdi } from '../i18n/Bdi.tsx';

/** Where the value sits: the node and field it belongs to, and the version it comes from. */
export interface ValueContext {
  flowId: string;
  nodeId: string | undefined;
  field: string;
  /** The version the value belongs to (before or after), for the options' targets; absent, not shown. */
  doc: Flow | undefined;
  side: 'before' | 'after';
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isAudioField = (field: string) => /(^|\.)audio$/.test(field);

/** A recording with its ▶ button, named, so an editor hears the old and the new take. */
export function RecordingPlayer({ flowId, name, side }: { flowId: string; name: string; side: 'before' | 'after' }) {
  const { t } = useTranslation();
  const [playing, setPlaying] = useState(false);
  const player = useRef<HTMLAudioElement | null>(null);
  useEffect(() => () => player.current?.pause(), []);
  const toggle = () => {
    if (playing) {
      player.current?.pause();
      setPlaying(false);
      return;
    }
    const element = new Audio(audioApi.url(flowId, name));
    player.current = element;
    element.onended = () => setPlaying(false);
    element.onerror = () => {
      setPlaying(false);
      notifications.show({ color: 'red', message: t('audio.playFailed', { name }) });
    };
    setPlaying(true);
    void element.play().catch(() => setPlaying(false));
  };
  const label = `${t(side === 'before' ? 'diff.playBefore' : 'diff.playAfter')} · ${name}`;
  return (
    <span className={`diff-recording diff-${side}`} data-diff-audio={side} data-audio-name={name}>
      <Tooltip label={label}>
        <ActionIcon size="sm" variant="light" color={side === 'before' ? 'red' : 'teal'} onClick={toggle} aria-label={label} data-playing={playing ? 'true' : undefined}>
          {playing ? <IconPlayerStop size={14} /> : <IconPlayerPlay size={14} />}
        </ActionIcon>
      </Tooltip>
      <Text span size="xs" className="diff-audio-name">
        <Bdi>{name}</Bdi>
      </Text>
    </span>
  );
}

/**
 * One side of a change, readable: texts in full, a recording with its player, a menu option by
 * its label, key and the node it leads to (by its canvas name), other parts field by field.
 */
export function DiffValue({ value, context }: { value: unknown; context: ValueContext }) {
  const { t } = useTranslation();
  const cls = context.side === 'before' ? 'diff-before' : 'diff-after';
  if (value === undefined || value === null || value === '')
    return (
      <Text span size="xs" c="dimmed" className="diff-none">
        —
      </Text>
    );
  if (typeof value === 'string' && isAudioField(context.field)) return <RecordingPlayer flowId={context.flowId} name={value} side={context.side} />;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    const text = typeof value === 'boolean' ? t(value ? 'diff.yes' : 'diff.no') : String(value);
    return (
      <span className={`${cls} diff-text`}>
        <Bdi>{text}</Bdi>
      </span>
    );
  }
  if (Array.isArray(value)) {
    // Each item isolated: two right-to-left synonyms side by side would otherwise be drawn swapped around their comma.
    if (value.every((v) => typeof v === 'string' || typeof v === 'number'))
      return (
        <span className={`${cls} diff-text`}>
          {value.map((v, i) => (
            <span key={i}>
              {i > 0 ? ', ' : ''}
              <Bdi>{String(v)}</Bdi>
            </span>
          ))}
        </span>
      );
    return (
      <>
        {value.map((v, i) => (
          <div key={i}>
            <DiffValue value={v} context={{ ...context, field: `${context.field}.${i}` }} />
          </div>
        ))}
      </>
    );
  }
  if (isObject(value) && ('key' in value || 'label' in value) && typeof value.id === 'string') return <OptionValue option={value} context={context} />;
  if (isObject(value)) {
    // A prompt's locale (text and recording), a variable, a setting: field by field, no JSON.
    const entries = Object.entries(value).filter(([k]) => k !== 'sourceStamp' && k !== 'audioSourceStamp' && k !== 'audioFile' && k !== 'labelSourceStamps' && k !== 'needsReview');
    return (
      <>
        {entries.map(([k, v]) => (
          <Group key={k} gap={4} wrap="nowrap" align="flex-start">
            <Text span size="xs" c="dimmed">
              {t(`fieldParts.${k}`, { defaultValue: k })}
            </Text>
            <DiffValue value={v} context={{ ...context, field: `${context.field}.${k}` }} />
          </Group>
        ))}
      </>
    );
  }
  return <span className={cls}>{String(value)}</span>;
}

/** A menu or language option: « label » · key n → the node it leads to in that version. */
function OptionValue({ option, context }: { option: Record<string, unknown>; context: ValueContext }) {
  const { t } = useTranslation();
  const cls = context.side === 'before' ? 'diff-before' : 'diff-after';
  const source = context.doc?.locales[0]?.code ?? '';
  const labels = isObject(option.label) ? option.label : {};
  const label = typeof labels[source] === 'string' ? labels[source] : (Object.values(labels).find((l) => typeof l === 'string') as string | undefined);
  const edge = context.doc?.edges.find((e) => e.source === context.nodeId && e.output === option.id);
  const target = edge
    ? nodeName(
        context.doc?.nodes.find((n) => n.id === edge.target),
        edge.target,
      )
    : undefined;
  return (
    <span className={`${cls} diff-option`} data-diff-option={String(option.id)}>
      {label ? (
        <>
          « <Bdi>{label}</Bdi> »
        </>
      ) : typeof option.locale === 'string' ? (
        option.locale
      ) : (
        String(option.id)
      )}
      {typeof option.key === 'string' ? ` · ${t('fieldParts.key')} ${option.key}` : ''}
      {target ? (
        <>
          {' → '}
          <Bdi>{target}</Bdi>
        </>
      ) : (
        ''
      )}
    </span>
  );
}

/** A text changed from `before` to `after`: both in full, line by line, what stayed plain, what went struck, what came highlighted. */
export function TextChange({ before, after }: { before: string; after: string }) {
  const lines = lineDiff(before, after);
  if (!before.includes('\n') && !after.includes('\n'))
    return (
      <>
        <span className="diff-before diff-text">
          <Bdi>{before}</Bdi>
        </span>{' '}
        <span className="diff-arrow">→</span>{' '}
        <span className="diff-after diff-text">
          <Bdi>{after}</Bdi>
        </span>
      </>
    );
  return (
    <div className="diff-lines">
      {lines.map((line, i) => (
        <div key={i} className={line.kind === 'removed' ? 'diff-before diff-line' : line.kind === 'added' ? 'diff-after diff-line' : 'diff-line diff-same'} data-line={line.kind}>
          {line.kind === 'removed' ? '− ' : line.kind === 'added' ? '+ ' : '  '}
          <Bdi>{line.text || ' '}</Bdi>
        </div>
      ))}
    </div>
  );
}
