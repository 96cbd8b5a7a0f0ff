import { Alert, Button, Group, ScrollArea, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { LintIssue } from '@griot/flows';
import { describeIssue } from '../checks/describeIssue.ts';
import { issueWhere } from '../checks/issueWhere.ts';
import { useDocument } from '../store/documentStore.ts';
import { productionOnlyIssues } from './recordingsMissing.ts';

/**
 * In the publish dialog: what production will refuse but staging takes (lint `blocks:
 * 'production'`, a recording still to make in a language without text-to-speech), each with
 * where it is and a way to it. Testers may call the version in staging meanwhile; the editor
 * learns now what the caller hears there, and that production waits. Also in the publication
 * request dialog and the publisher's review of it (`title`, `help`; `onReveal` absent: no way to
 * the node, the flow may not be the one open).
 */
export function ProductionOnlyNotice({ issues, onReveal, title, help }: { issues: LintIssue[]; onReveal?(issue: LintIssue): void; title?: string; help?: string }) {
  const { t } = useTranslation();
  const doc = useDocument((s) => s.doc);
  const waiting = productionOnlyIssues(issues);
  if (waiting.length === 0) return null;
  return (
    <Alert color="orange" title={title ?? t('publish.productionOnlyTitle', { count: waiting.length })} className="publish-production-only" data-recordings-missing={waiting.length}>
      <Text size="xs" mb={6}>
        {help ?? t('publish.productionOnlyHelp')}
      </Text>
      <ScrollArea.Autosize mah={200}>
        <Stack gap={6}>
          {waiting.map((issue) => (
            <Group
              key={`${issue.node}|${issue.field}`}
              gap="xs"
              wrap="nowrap"
              align="flex-start"
              className="publish-issue warning"
              data-code={issue.code}
              data-node={issue.node}
              data-field={issue.field}
            >
              <div style={{ minWidth: 0, flex: 1 }}>
                <Text size="sm">{describeIssue(issue, t, doc)}</Text>
                <Text size="xs" c="dimmed" className="issue-where">
                  {issueWhere(issue, doc, t)}
                </Text>
              </div>
              {onReveal && (
                <Button size="compact-xs" variant="light" onClick={() => onReveal(issue)} data-action="reveal-issue">
                  {t('publish.show')}
                </Button>
              )}
            </Group>
          ))}
        </Stack>
      </ScrollArea.Autosize>
    </Alert>
  );
}
