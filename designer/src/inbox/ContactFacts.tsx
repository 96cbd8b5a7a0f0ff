import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { ContactFlow, HandoffContact } from '@griot/flows';
import { formatWait, waitSeconds } from './queueFigures.ts';
import { useServerNow } from './serverClock.ts';

const DEFAULT_PRIORITY = 999;

/** A node of the path by its name on the canvas; its type's name when it has none. */
function nodeName(t: TFunction, node: ContactFlow['path'][number]): string {
  if (node.label) return node.label;
  if (node.type) return `${t(`nodes.${node.type}.name`, { defaultValue: node.type })} (${node.id})`;
  return t('inbox.unknownNode', { id: node.id });
}

/** Who, where from and why: the caller, queue, channel, language, reason, priority, wait, and where in the flow they were. */
export function ContactFacts({ contact, flow }: { contact: HandoffContact; flow: ContactFlow | undefined }) {
  const { t, i18n } = useTranslation();
  const now = useServerNow(contact.status === 'waiting');
  const variables = Object.entries((contact.context.variables ?? {}) as Record<string, unknown>);
  const row = (key: string, value: ReactNode) => [
    <dt key={`${key}-t`}>{t(`inbox.facts.${key}`)}</dt>,
    <dd key={`${key}-d`} data-fact={key}>
      {value}
    </dd>,
  ];
  const enqueued = new Date(contact.enqueuedAt).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' });
  return (
    <dl className="facts">
      {row('caller', <a href={`tel:${contact.callerNumber}`}>{contact.callerNumber}</a>)}
      {row('queue', contact.queue)}
      {row('channel', t(`inbox.channels.${contact.channel}`, { defaultValue: contact.channel }))}
      {row('locale', contact.locale)}
      {row('reason', contact.reason)}
      {row('priority', contact.priority < DEFAULT_PRIORITY ? `${contact.priority} (${t('inbox.vip')})` : String(contact.priority))}
      {row('wait', `${enqueued} · ${formatWait(waitSeconds(contact, now))}`)}
      {flow && row('flow', flow.name ? (flow.version ? t('inbox.flowVersion', { name: flow.name, version: flow.version }) : flow.name) : flow.id)}
      {flow && flow.path.length > 0 && row('path', flow.path.map((node) => nodeName(t, node)).join(' › '))}
      {row(
        'variables',
        variables.length ? (
          <ul className="variables">
            {variables.map(([name, value]) => (
              <li key={name}>
                <code>{name}</code> {typeof value === 'string' ? value : JSON.stringify(value)}
              </li>
            ))}
          </ul>
        ) : (
          t('inbox.none')
        ),
      )}
    </dl>
  );
}
