import { useState } from 'react';
import { Alert, Button, Code, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconChevronDown, IconChevronUp } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { PreviewLookup } from '../api/types.ts';
import { describeLookup } from './describeLookup.ts';

/**
 * One look-up in the simulator's transcript. An answered one is a quiet line (status, timing,
 * output); a failed one stands out and says why in the editor's language (what the status
 * means, a timeout, the rule that refused the request), with the response body on demand.
 */
export function LookupNote({ lookup }: { lookup: PreviewLookup }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const described = describeLookup(lookup, t);
  if (!described.failed) {
    return (
      <Text size="xs" c="dimmed" className="sim-note" data-lookup-note={lookup.node}>
        ⇄{' '}
        {t('lookup.answered', {
          node: lookup.node,
          source: t(`simulator.lookupSource.${lookup.source}`),
          answer: `HTTP ${lookup.status ?? '?'}`,
          ms: Math.round(lookup.durationMs),
          output: lookup.output ? t(`outputs.${lookup.output}`, { defaultValue: lookup.output }) : '—',
        })}
      </Text>
    );
  }
  const expected = lookup.output === 'notFound';
  return (
    <Alert
      className="sim-lookup-failed"
      color={expected ? 'orange' : 'red'}
      variant="light"
      p="xs"
      icon={<IconAlertTriangle size={16} />}
      title={t(expected ? 'lookup.notFound' : described.misconfigured ? 'lookup.misconfigured' : 'lookup.failed', { node: lookup.node })}
      data-misconfigured={described.misconfigured}
      data-lookup-note={lookup.node}
      data-lookup-failed={lookup.node}
      data-status={lookup.status}
      data-reason={lookup.reason?.code}
      role="status"
    >
      <Stack gap={4}>
        <Text size="xs" data-lookup-explanation>
          {described.explanation}
        </Text>
        <Text size="xs" c="dimmed">
          {described.details}
        </Text>
        {lookup.body && (
          <>
            <Button
              size="compact-xs"
              variant="subtle"
              color={expected ? 'orange' : 'red'}
              w="fit-content"
              leftSection={open ? <IconChevronUp size={12} /> : <IconChevronDown size={12} />}
              aria-expanded={open}
              onClick={() => setOpen((o) => !o)}
            >
              {open ? t('lookup.hideBody') : t('lookup.showBody')}
            </Button>
            {open && (
              <>
                <Code block className="sim-lookup-body" aria-label={t('lookup.bodyLabel', { node: lookup.node })}>
                  {lookup.body.text}
                </Code>
                <Text size="10px" c="dimmed">
                  {t('lookup.masked')}
                  {lookup.body.truncated ? ` ${t('lookup.truncated')}` : ''}
                </Text>
              </>
            )}
          </>
        )}
      </Stack>
    </Alert>
  );
}
