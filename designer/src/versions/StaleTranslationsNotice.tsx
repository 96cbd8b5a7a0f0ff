import { Alert, Button, Group, ScrollArea, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { LintIssue } from '@griot/flows';
import { describeIssue } from '../checks/describeIssue.ts';
import { issueWhere } from '../checks/issueWhere.ts';
import { useDocument } from '../store/documentStore.ts';

/**
 * In the publish dialog: the translations and recordings made from an earlier first-language
 * text (lint warnings `translation.stale`), each with where it is and a way to it. They do not
 * block publishing, but the publisher sees them before callers hear an outdated text.
 */
export function StaleTranslationsNotice({ issues, onReveal }: { issues: LintIssue[]; onReveal(issue: LintIssue): void }) {
  const { t } = useTranslation();
  const doc = useDocument((s) => s.doc);
  const stale = issues.filter((i) => i.code === 'translation.stale');
  if (stale.length === 0) return null;
  return (
    <Alert color="grape" title={t('stale.publishTitle', { count: stale.length })} className="publish-stale">
      <ScrollArea.Autosize mah={200}>
        <Stack gap={6}>
          {stale.map((issue) => (
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
                <Text size="sm">{describeIssue(issue, t)}</Text>
                <Text size="xs" c="dimmed" className="issue-where">
                  {issueWhere(issue, doc, t)}
                </Text>
              </div>
              <Button size="compact-xs" variant="light" onClick={() => onReveal(issue)} data-action="reveal-issue">
                {t('publish.show')}
              </Button>
            </Group>
          ))}
        </Stack>
      </ScrollArea.Autosize>
    </Alert>
  );
}
